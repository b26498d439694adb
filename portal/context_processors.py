def display_preferences(request):
    """Large-text and high-contrast modes, kept in cookies so they work without JavaScript."""
    return {
        "large_text": request.COOKIES.get("dwgk_large_text") == "1",
        "high_contrast": request.COOKIES.get("dwgk_high_contrast") == "1",
    }
