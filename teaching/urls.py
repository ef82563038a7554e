from django.urls import path

from teaching import views

app_name = "teaching"

urlpatterns = [
    path("", views.classes, name="classes"),
    path("new/", views.create, name="create"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join, name="join_with_code"),
    path("<int:pk>/", views.matrix, name="class"),
    path("<int:pk>/analytics/", views.analytics, name="analytics"),
    path("<int:pk>/code/", views.regenerate_code, name="regenerate_code"),
    path("<int:pk>/export/progress.csv", views.export_matrix, name="export_matrix"),
    path("<int:pk>/export/submissions.csv", views.export_submissions, name="export_submissions"),
    path("<int:pk>/students/<int:student_id>/", views.student, name="student"),
    path("<int:pk>/students/<int:student_id>/remove/", views.remove_student, name="remove"),
    path("<int:pk>/submissions/<int:submission_id>/", views.submission, name="submission"),
]
