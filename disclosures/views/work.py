"""我的工作: the daily screens of the drafter, the office, the approver and the upper level. Their
queues are disclosures/queues.py's; a person without the role gets 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from disclosures import queues


def _screen(template, queues_for, *, dated=True):
    @login_required
    @require_GET
    def view(request):
        found = queues_for(request.user)
        if found is None:
            raise Http404
        if dated:
            found["today"] = timezone.localdate()
        return render(request, template, found)

    view.__doc__ = queues_for.__doc__
    return view


work_drafter = _screen("disclosures/work_drafter.html", queues.drafter_queues)
work_office = _screen("disclosures/work_office.html", queues.office_queues)
work_approver = _screen("disclosures/work_approver.html", queues.approver_queues)
work_upper = _screen("disclosures/work_upper.html", queues.upper_queues, dated=False)
