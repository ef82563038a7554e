from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("<slug:slug>/", views.test_detail, name="test"),
    path("<slug:slug>/start/", views.start, name="start"),
    path("attempts/<int:pk>/", views.attempt, name="attempt"),
    path("attempts/<int:pk>/submit/", views.submit, name="submit"),
    path("attempts/<int:pk>/questions/<int:question_id>/", views.answer, name="answer"),
    path(
        "attempts/<int:pk>/questions/<int:question_id>/verdict/",
        views.code_verdict,
        name="code_verdict",
    ),
]
