from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    """Baseline: the cheapest Django response through the same middleware stack."""
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("sotay.urls"))]
