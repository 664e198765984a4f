"""Vietnamese unless the user chose otherwise."""


class VietnameseFirstMiddleware:
    """Drop the browser's Accept-Language so that the UI is Vietnamese by default
    (office browsers often say en-US); the language cookie set by the switcher still
    wins in LocaleMiddleware, which runs next."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
