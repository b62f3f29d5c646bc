from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zwgk.schemes.models import Scheme


@login_required
def home(request):
    schemes = Scheme.objects.order_by("-year", "scheme_id")
    return render(request, "front/home.html", {"schemes": schemes})
