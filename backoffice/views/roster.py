"""The roster page: tomorrow's trips by default, printable, and as CSV."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse

from backoffice.forms import RosterForm
from backoffice.roster import roster, roster_csv
from bookings.pricing import today_in_taipei


def roster_page(site):
    def view(request):
        if not request.user.has_perm("orders.view_roster"):
            raise PermissionDenied
        tomorrow = today_in_taipei() + timedelta(days=1)
        query = request.GET.copy()
        query.setdefault("date_from", tomorrow.isoformat())
        form = RosterForm(query)
        slots, first, last = [], None, None
        if form.is_valid():
            first = form.cleaned_data["date_from"]
            last = form.cleaned_data["date_to"] or first
            attraction = form.cleaned_data["attraction"]
            slots = roster(
                first=first,
                last=last,
                attraction_id=attraction.pk if attraction else None,
            )
            if request.GET.get("format") == "csv":
                return csv_response(slots, first, last)
        response = TemplateResponse(
            request,
            "backoffice/roster.html",
            {
                **site.each_context(request),
                "title": "出團名單 Roster",
                "form": form,
                "slots": slots,
                "first": first,
                "last": last,
                "participants": sum(entry.seats_taken for entry in slots),
                "csv_query": query.urlencode(),
            },
        )
        if form.errors:
            response.status_code = 400
        return response

    return view


def csv_response(slots, first, last) -> HttpResponse:
    name = f"roster-{first}" + (f"-to-{last}" if last != first else "") + ".csv"
    response = HttpResponse(roster_csv(slots), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
