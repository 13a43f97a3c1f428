"""Arabic news pages of the structures people save, built from a known story.

Each page wraps the same story (a title and paragraphs taken from a seed) in
one common structure, with boilerplate that must not come out: menus, a
cookie banner, "read also" boxes (some inside the body), share bars,
comments, a newsletter box, scripts, styles and footers. `BOILERPLATE` lists
the strings that betray each.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from conftest import SEEDS, read_text

SITE = "الجريدة اليومية"
BOILERPLATE = (
    "الرئيسية",  # menu
    "سياسة الخصوصية",  # footer
    "نستخدم ملفات تعريف الارتباط",  # cookie banner
    "اقرأ أيضا",  # read also
    "شارك على فيسبوك",  # share bar
    "اشترك في النشرة البريدية",  # newsletter
    "أضف تعليقك",  # comments
    "تعليق القارئ الأول",
    "جميع الحقوق محفوظة",
    "var tracker",
    "font-family",
    "Home",
    "Subscribe",
    "Cookie",
)


@dataclass(frozen=True)
class Page:
    name: str
    html: bytes
    title: str
    paragraphs: tuple[str, ...]
    encoding: str = "utf-8"


# Headlines written for these pages (the seeds' first lines are not all headlines).
TITLES = (
    "ديب سيك تغير قواعد سباق الذكاء الاصطناعي بين واشنطن وبكين",
    "الرقائق الأمريكية في قلب الحرب التجارية الجديدة",
    "شركات التقنية الصينية تبحث عن طريق ثالث",
    "هل انتهى سباق التسلح في الذكاء الاصطناعي؟",
    "قيود التصدير بين القانون والسياسة",
)


def story(seed: int = 0, paragraphs: int = 6) -> tuple[str, tuple[str, ...]]:
    """A headline and the first real paragraphs of a seed (80 characters or more)."""
    lines = [line.strip() for line in read_text(SEEDS[seed]).splitlines()]
    return TITLES[seed], tuple([line for line in lines if len(line) >= 80][:paragraphs])


def _p(paragraphs: tuple[str, ...]) -> str:
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


MENU = (
    '<nav class="menu"><ul><li><a href="/">الرئيسية</a></li><li>'
    '<a href="/s">سياسة</a></li><li><a href="/e">اقتصاد</a></li></ul></nav>'
)
COOKIES = (
    '<div class="cookie-banner" id="cookie-consent">'
    "نستخدم ملفات تعريف الارتباط لتحسين تجربتك. <button>موافق</button>"
    "</div>"
)
SHARE = (
    '<div class="share-buttons social-share">'
    '<a href="#">شارك على فيسبوك</a> <a href="#">شارك على تويتر</a></div>'
)
READ_ALSO = (
    '<div class="read-also related-articles"><h3>اقرأ أيضا</h3><ul><li>'
    '<a href="/1">اقرأ أيضا: الصين تطلق نموذجا جديدا</a></li><li>'
    '<a href="/2">أسعار النفط تتراجع</a></li></ul></div>'
)
NEWSLETTER = (
    '<div class="newsletter"><h4>اشترك في النشرة البريدية</h4><form>'
    '<input type="email"><button>اشترك</button></form></div>'
)
COMMENTS = (
    '<section id="comments" class="comments"><h3>أضف تعليقك</h3><div class="comment">'
    "<p>تعليق القارئ الأول: مقال رائع ومفيد جدا.</p></div></section>"
)
FOOTER = (
    '<footer class="site-footer">'
    '<a href="/privacy">سياسة الخصوصية</a> — جميع الحقوق محفوظة © 2025</footer>'
)
SCRIPT = "<script>var tracker = {id: 42}; window.dataLayer = [];</script>"
STYLE = "<style>body { font-family: Tahoma; direction: rtl; }</style>"


def semantic() -> Page:
    title, paragraphs = story(0)
    body = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{html.escape(title)} | {SITE}</title>
<meta property="og:title" content="{html.escape(title)}">
<meta name="author" content="سارة أحمد">
<meta property="article:published_time" content="2025-01-27T10:00:00+03:00">
{STYLE}{SCRIPT}</head>
<body>{COOKIES}<header>{MENU}</header>
<main><article><h1>{html.escape(title)}</h1>
<p class="byline">سارة أحمد</p>
{SHARE}
{_p(paragraphs)}
</article>
<aside>{READ_ALSO}{NEWSLETTER}</aside></main>
{COMMENTS}{FOOTER}</body></html>"""
    return Page("semantic.html", body.encode("utf-8"), title, paragraphs)


def table_layout_cp1256() -> Page:
    title, paragraphs = story(1)
    rows = "".join(f"<tr><td class=text>{html.escape(p)}<br><br></td></tr>" for p in paragraphs)
    body = f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>{SITE} - {html.escape(title)}</title></head>
<body><table width="100%"><tr><td width="20%" valign=top>
<table><tr><td><a href="/">الرئيسية</a></td></tr><tr><td><a href="/x">أخبار</a></td></tr></table>
</td><td width="80%" valign=top>
<table><tr><td><font size=5><b>{html.escape(title)}</b></font></td></tr>{rows}</table>
</td></tr><tr><td colspan=2 align=center>جميع الحقوق محفوظة 2004 - سياسة الخصوصية</td></tr></table>
</body></html>"""
    return Page("old-table.htm", body.encode("cp1256"), title, paragraphs, "cp1256")


def boxes_inside_the_body() -> Page:
    title, paragraphs = story(2)
    half = len(paragraphs) // 2
    body = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8">
<title>{html.escape(title)} - {SITE}</title>{SCRIPT}</head>
<body>{MENU}
<div class="container"><div class="post">
<h1 class="post-title">{html.escape(title)}</h1>
<div class="post-body entry-content">
{_p(paragraphs[:half])}
{READ_ALSO}
{_p(paragraphs[half:])}
{SHARE}
</div>
{NEWSLETTER}
{COMMENTS}
</div></div>{FOOTER}</body></html>"""
    return Page("boxes.html", body.encode("utf-8"), title, paragraphs)


def body_in_json_ld() -> Page:
    title, paragraphs = story(3)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "articleBody": "\n".join(paragraphs),
        "datePublished": "2025-02-03",
        "author": {"@type": "Person", "name": "محمد علي"},
    }
    body = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{html.escape(title)} | {SITE}</title>
<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>
</head><body>{COOKIES}{MENU}
<article><h1>{html.escape(title)}</h1>{_p(paragraphs)}</article>
{READ_ALSO}{FOOTER}</body></html>"""
    return Page("json-ld.html", body.encode("utf-8"), title, paragraphs)


def english_frame() -> Page:
    title, paragraphs = story(4)
    body = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} - World News Network</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sub">Subscribe</a></nav>
<div class="cookie">Cookie settings: we use cookies. <button>Accept</button></div>
<div class="story" lang="ar" dir="rtl"><h1>{html.escape(title)}</h1>{_p(paragraphs)}</div>
<footer>© 2025 World News Network. Home · Subscribe · Privacy</footer></body></html>"""
    return Page("english-frame.html", body.encode("utf-8"), title, paragraphs)


PAGES = (semantic, table_layout_cp1256, boxes_inside_the_body, body_in_json_ld, english_frame)
