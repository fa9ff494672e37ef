from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def member_page(request: HttpRequest) -> HttpResponse:
    # Profile, password and avatar load through the API in member.js (bearer token).
    return render(request, "accounts/member.html")
