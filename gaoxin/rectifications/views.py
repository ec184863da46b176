from django.http import HttpResponse


def ledger(request):
    return HttpResponse("")


def order_detail(request, pk):
    return HttpResponse("")
