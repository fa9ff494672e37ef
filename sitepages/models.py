"""The trust pages (terms, privacy, cancellation and refunds) staff edit in the admin."""

from django.db import models
from django.urls import reverse

from taipei_trip.translated import translations


class Page(models.Model):
    """One page of plain text; `sitepages.text.render_body` turns it into markup.

    Title, summary and body are 繁體中文 (the source) with English and Japanese columns
    beside them (taipei_trip/translated.py); a blank translation shows the source.

    The body is plain text rather than HTML, so an edit in the admin can break neither
    the page nor its Content-Security-Policy: blank lines separate paragraphs, a line
    starting with "## " is a heading and lines starting with "- " form a list.
    """

    slug = models.SlugField("網址代稱 Slug", max_length=50, unique=True)
    title = models.CharField("標題 Title", max_length=100)
    title_en, title_ja = translations(title)
    summary = models.CharField("摘要 Summary", max_length=200, blank=True)
    summary_en, summary_ja = translations(summary)
    body = models.TextField("內容 Body")
    body_en, body_ja = translations(body)
    updated_at = models.DateTimeField("最後更新 Updated", auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = "網站頁面 Site page"
        verbose_name_plural = "網站頁面 Site pages"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sitepage", kwargs={"slug": self.slug})
