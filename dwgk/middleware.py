from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language_middleware(get_response):
    """Chinese unless the reader chose English with the language switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so that a government
    site opened in an English-language browser would greet everyone in English. Here only the
    switcher's cookie decides.
    """

    available = {code for code, _name in settings.LANGUAGES}

    def middleware(request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response

    return middleware


def refusal_middleware(get_response):
    """A service's `BadInput` that no form caught becomes the 400 page carrying its sentence, in
    the reader's language, with nothing written (the service's transaction rolled back)."""
    from dwgk.errors import bad_input
    from dwgk.refusals import BadInput

    def middleware(request):
        return get_response(request)

    def process_exception(request, exception):
        if isinstance(exception, BadInput):
            return bad_input(request, exception)
        return None

    middleware.process_exception = process_exception
    return middleware
