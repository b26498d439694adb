"""/metrics in the Prometheus text format.

Requests and latency by view and database queries come from django-prometheus (its middleware
and database engine, dwgk/settings.py), per process or summed over gunicorn's workers when
PROMETHEUS_MULTIPROC_DIR is set (`dwgk serve` and the systemd unit set it). What every server
shares is read from the database at each scrape: job runs and failures (dwgk.jobs) and overdue
obligations by unit.

Only addresses in DWGK_METRICS_ALLOW may read it, and only directly: a request that came through a
proxy (it carries X-Forwarded-For) gets 404 like anyone else, so the public site never shows it.
"""

import ipaddress

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from dwgk.models import ScheduledJob
from obligations.models import Obligation
from obligations.selectors import obligations_overdue


def metrics_allowed(request) -> bool:
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(allowed) for allowed in settings.DWGK_METRICS_ALLOW)


class SharedCollector:
    """Metrics read from the database, the same whichever server is scraped."""

    def collect(self):
        runs = CounterMetricFamily("dwgk_job_runs", "Runs of a scheduled job", labels=["job"])
        failures = CounterMetricFamily(
            "dwgk_job_failures", "Failed runs of a scheduled job", labels=["job"]
        )
        last = GaugeMetricFamily(
            "dwgk_job_last_run_timestamp_seconds", "When a job last ran", labels=["job"]
        )
        for job in ScheduledJob.objects.order_by("name"):
            runs.add_metric([job.name], job.runs)
            failures.add_metric([job.name], job.failures)
            if job.last_run_at is not None:
                last.add_metric([job.name], job.last_run_at.timestamp())
        yield from (runs, failures, last)

        overdue = GaugeMetricFamily(
            "dwgk_obligations_overdue", "Open obligations past their due date", labels=["unit"]
        )
        rows = (
            obligations_overdue(Obligation.objects.all(), timezone.localdate())
            .values("unit__name")
            .annotate(count=Count("pk"))
            .order_by("unit__name")
        )
        for row in rows:
            overdue.add_metric([row["unit__name"]], row["count"])
        yield overdue


@require_safe
@never_cache
def metrics(request):
    if not metrics_allowed(request):
        raise Http404
    shared = CollectorRegistry(auto_describe=False)
    shared.register(SharedCollector())
    process = ExportToDjangoView(request).content
    return HttpResponse(process + generate_latest(shared), content_type=CONTENT_TYPE_LATEST)


metrics.gates_session = True  # nothing here depends on who asks (see dwgk.health)
