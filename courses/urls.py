from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("media/<str:kind>/<int:pk>/", views.protected_media, name="media"),
    path(
        "media/<str:kind>/<int:pk>/mp3/",
        views.protected_media,
        {"fallback": True},
        name="media-fallback",
    ),
    path("<slug:slug>/", views.course_detail, name="course"),
    path("<slug:slug>/enroll/", views.enroll, name="enroll"),
    path("<slug:slug>/unenroll/", views.unenroll, name="unenroll"),
    path("<slug:course_slug>/<slug:lesson_slug>/", views.lesson, name="lesson"),
    path("<slug:course_slug>/<slug:lesson_slug>/complete/", views.complete, name="complete"),
]
