"""What scraped pages leave around an article's text — menus, buttons,
banners — in English and Arabic: such a line is neither a title (the
library's) nor a name (the entities'). Phrases are case-folded, one space
between words."""

from __future__ import annotations

SCRAPED_PHRASES = frozenset(
    (
        "contact us", "contact", "home", "homepage", "menu", "main menu", "skip to content",
        "skip to main content", "search", "login", "log in", "sign in", "sign up", "register",
        "subscribe", "share", "advertisement", "ad", "cookies", "accept", "accept cookies",
        "about us", "privacy policy", "terms of use", "follow us", "breaking news", "read more",
        "more", "related", "newsletter", "comments",
        "اتصل بنا", "الرئيسية", "الصفحة الرئيسية", "القائمة", "بحث", "تسجيل الدخول",
        "دخول", "اشترك", "اشترك الآن", "شارك", "مشاركة", "إعلان", "اعلان", "من نحن",
        "سياسة الخصوصية", "تابعنا", "اقرأ أيضا", "اقرأ أيضاً", "اقرأ المزيد", "عاجل", "أخبار عاجلة",
    )
)  # fmt: skip


def is_scraped_phrase(line: str) -> bool:
    """Whether a line, stripped of the bullets and bars around it, is one of them."""
    return " ".join(line.strip(" \t|·•-–—:>»«").split()).casefold() in SCRAPED_PHRASES
