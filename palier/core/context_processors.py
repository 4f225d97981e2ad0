from django.conf import settings


def palier(request):
    return {
        "PALIER_NAME": settings.PALIER_NAME,
        "acting": getattr(request, "acting", None),
    }
