from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from config.home import home_for


def home(request):
    """Visitors get the introduction; a signed-in person, where they stand and where to go on."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    return render(request, "home.html", {"home": home_for(user=request.user)})


@never_cache
def healthz(request):
    """For load balancers and compose: the app answers and its database does too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
