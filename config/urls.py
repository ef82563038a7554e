from django.contrib import admin
from django.urls import include, path

from config import views
from courses import views as course_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("courses/", include("courses.urls")),
    path("exercises/", include("exercises.urls")),
    path("tests/", include("quizzes.urls")),
    path("classes/", include("teaching.urls")),
    path("games/", include("games.urls")),
    path("review/", include("reviews.urls")),
    path("learning/", course_views.my_learning, name="my_learning"),
    path("admin/", admin.site.urls),
]
