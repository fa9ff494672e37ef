from django.shortcuts import render


def thankyou_page(request):
    return render(
        request, "orders/thankyou.html", {"number": request.GET.get("number", "")}
    )
