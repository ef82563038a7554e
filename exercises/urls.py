from django.urls import path

from exercises import views

app_name = "exercises"

urlpatterns = [
    path("<slug:slug>/", views.exercise, name="exercise"),
    path("<slug:slug>/submit/", views.submit, name="submit"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
]
