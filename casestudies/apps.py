from django.apps import AppConfig


class CasestudiesConfig(AppConfig):
    name = "casestudies"
    label = "casestudies"
    verbose_name = "Factories and case studies"
