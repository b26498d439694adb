from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notifications.services import notice_mark_read, notices_for, notices_mark_all_read
from organizations.forms import NextForm


@login_required
@require_GET
def notice_list(request):
    notices = notices_for(request.user)
    unread = notices.filter(read_at__isnull=True).count()
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "unread": unread})


@login_required
@require_POST
def notice_read(request, pk):
    # Someone else's notice is not theirs to know about: 404.
    notice = get_object_or_404(notices_for(request.user), pk=pk)
    notice_mark_read(notice=notice, actor=request.user)
    target = NextForm.target(request)
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notice_read_all(request):
    count = notices_mark_all_read(actor=request.user)
    messages.success(request, _("已将%(count)s条通知标为已读") % {"count": count})
    return redirect("notifications:list")
