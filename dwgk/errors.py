"""Error pages in the site's layout and the reader's language. With DEBUG off (every setting but
DWGK_ENV=development) these replace Django's debug pages, which list the URL patterns and show
tracebacks."""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


def _page(request, status: int, title: str, message: str) -> HttpResponse:
    context = {"status": status, "title": title, "message": message}
    return render(request, "error.html", context, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _page(request, 400, _("请求无效"), _("请求的内容不完整或格式不正确，请返回后重试。"))


def bad_input(request, exception):
    """A refusal of the input that no form showed: the 400 page with the service's sentence."""
    return _page(request, 400, _("无法办理"), str(exception))


@requires_csrf_token
def permission_denied(request, exception=None):
    # The services' refusals carry a sentence written for the reader; Django's own carry none.
    reason = str(exception or "") if isinstance(exception, Exception) else ""
    return _page(request, 403, _("无权访问"), reason or _("您没有权限查看此页面或进行此操作。"))


@requires_csrf_token
def page_not_found(request, exception=None):
    return _page(request, 404, _("页面不存在"), _("您要找的页面不存在，或者您没有权限查看它。"))


def csrf_failure(request, reason=""):
    return _page(
        request, 403, _("页面已过期"), _("表单已过期或来源无法验证，请返回上一页刷新后重新提交。")
    )


@requires_csrf_token
def server_error(request):
    title, message = _("系统出错"), _("系统暂时无法处理您的请求，请稍后再试。错误已记录。")
    try:
        return _page(request, 500, title, message)
    except Exception:
        # The layout itself needs the database; when that is what failed, a bare page still answers.
        logger.exception("the error page could not be rendered in the site's layout")
        body = f'<!DOCTYPE html><meta charset="utf-8"><title>{title}</title><h1>{title}</h1>'
        body += f'<p>{message}</p><p><a href="/">{_("返回首页")}</a></p>'
        return HttpResponse(body, status=500)
