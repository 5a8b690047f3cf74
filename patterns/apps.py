from django.apps import AppConfig


class PatternsConfig(AppConfig):
    name = "patterns"
    label = "patterns"
    verbose_name = "Patterns, standards and methods"
