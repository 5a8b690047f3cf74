from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("", views.share, name="share"),
    path("thank-you/", views.thanks, name="thanks"),
]
