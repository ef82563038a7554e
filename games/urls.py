from django.urls import path

from games import memory_views, views

app_name = "games"
urlpatterns = [
    path("", views.index, name="index"),
    path("scheduler/<slug:slug>/", views.level, name="level"),
    path("memory/<slug:course_slug>/<slug:lesson_slug>/", memory_views.play, name="memory"),
    path(
        "memory/<slug:course_slug>/<slug:lesson_slug>/finish/",
        memory_views.finish,
        name="memory-finish",
    ),
]
