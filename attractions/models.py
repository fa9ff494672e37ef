from django.db import models
from django.db.models import Q

from taipei_trip.translated import translations


class Category(models.Model):
    name = models.CharField("名稱 Name", max_length=50, unique=True)
    name_en, name_ja = translations(name)

    class Meta:
        ordering = ["name"]
        verbose_name = "分類 Category"
        verbose_name_plural = "分類 Categories"

    def __str__(self):
        return self.name


class MrtStation(models.Model):
    name = models.CharField("站名 Station", max_length=50, unique=True)
    # Taipei Metro's official names (attractions/stations.py), applied by the import.
    name_en, name_ja = translations(name)

    class Meta:
        ordering = ["name"]
        verbose_name = "捷運站 MRT station"
        verbose_name_plural = "捷運站 MRT stations"

    def __str__(self):
        return self.name


def published_q(prefix: str = "") -> Q:
    """The one rule for what the public site offers: published attractions.

    `prefix` reaches it through a relation (`"attraction__"`, `"attractions__"`).
    Catalogue, search, station and category lists, the attraction page and booking
    all filter through this (or `Attraction.objects.published()`, built on it).
    """
    return Q(**{f"{prefix}is_published": True})


class AttractionQuerySet(models.QuerySet):
    def published(self) -> "AttractionQuerySet":
        return self.filter(published_q())


class Attraction(models.Model):
    """A place to visit. Imported ones keep the open data's `_id`, so URLs stay stable."""

    id = models.AutoField("編號 ID", primary_key=True)
    name = models.CharField("名稱 Name", max_length=100, db_index=True)
    name_en, name_ja = translations(name)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="attractions",
        verbose_name="分類 Category",
    )
    mrt = models.ForeignKey(
        MrtStation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attractions",
        verbose_name="捷運站 MRT station",
    )
    description = models.TextField("介紹 Description", blank=True)
    address = models.CharField("地址 Address", max_length=255, blank=True)
    transport = models.TextField("交通方式 Getting there", blank=True)
    description_en, description_ja = translations(description)
    address_en, address_ja = translations(address)
    transport_en, transport_ja = translations(transport)
    lat = models.FloatField(
        "緯度 Latitude",
        help_text=(
            "十進位度數，北緯為正，例如台北 101 是 25.0339 "
            "Decimal degrees, north positive (Taipei 101: 25.0339)."
        ),
    )
    lng = models.FloatField(
        "經度 Longitude",
        help_text=(
            "十進位度數，東經為正，例如台北 101 是 121.5645 "
            "Decimal degrees, east positive (Taipei 101: 121.5645)."
        ),
    )
    seats_per_slot = models.PositiveSmallIntegerField(
        "每時段名額 Seats per slot",
        null=True,
        blank=True,
        help_text=(
            "每個時段最多可售的人數；空白即使用網站預設（20） "
            "Participants per slot; blank uses the site default (20)."
        ),
    )
    is_published = models.BooleanField(
        "已發布 Published",
        default=True,
        help_text=(
            "取消勾選即從網站下架（目錄、搜尋、預訂），既有訂單不受影響 "
            "Untick to take the place off the site (catalogue, search, booking); "
            "existing orders keep working."
        ),
    )
    updated_at = models.DateTimeField("更新時間 Updated", auto_now=True)

    objects = AttractionQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = "景點 Attraction"
        verbose_name_plural = "景點 Attractions"
        # Nearby places (selectors.nearby_attractions) read a bounding box of it.
        indexes = [models.Index(fields=["lat", "lng"], name="attraction_lat_lng")]
        constraints = [
            models.CheckConstraint(
                condition=Q(lat__gte=-90, lat__lte=90) & Q(lng__gte=-180, lng__lte=180),
                name="attraction_coordinates_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"/attraction/{self.pk}"


class AttractionImage(models.Model):
    """One picture of an attraction: a remote URL or a file in our storage, in order."""

    attraction = models.ForeignKey(
        Attraction,
        on_delete=models.CASCADE,
        related_name="images",
        verbose_name="景點 Attraction",
    )
    position = models.PositiveIntegerField("順序 Order", default=0)
    url = models.URLField("網址 URL", max_length=500, blank=True)
    file = models.ImageField("圖檔 File", upload_to="attractions/", blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "景點圖片 Image"
        verbose_name_plural = "景點圖片 Images"
        indexes = [models.Index(fields=["attraction", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="attraction_image_has_url_or_file",
                violation_error_message="請填寫圖片網址或上傳圖檔（擇一）。",
            ),
        ]

    def __str__(self):
        return self.src

    @property
    def src(self) -> str:
        return image_src(self.url, self.file.name)


def image_src(url: str | None, file: str | None) -> str | None:
    """An image's address from its two columns: the uploaded file's URL in our storage,
    else the remote URL (None for neither). The one rule for `AttractionImage.src` and
    the reads that select the columns without building images."""
    if file:
        return AttractionImage._meta.get_field("file").storage.url(file)
    return url or None


class NameGram(models.Model):
    """One piece of an attraction's folded name: every character and every pair of
    neighbouring characters. MariaDB has no n-gram full-text parser and `LIKE '%kw%'`
    reads every row, so keyword search first narrows to the attractions that hold all
    of the keyword's pairs through the (gram, attraction) index."""

    gram = models.CharField(max_length=2)
    attraction = models.ForeignKey(
        Attraction, on_delete=models.CASCADE, related_name="name_grams"
    )

    class Meta:
        # Unique, so joining on a gram never repeats an attraction. Under MariaDB's
        # accent- and case-insensitive collation "é1" and "e1" are one key: rows are
        # inserted with ignore_conflicts and the database keeps one of them.
        constraints = [
            models.UniqueConstraint(
                fields=["gram", "attraction"], name="namegram_gram_attraction"
            )
        ]

    def __str__(self):
        return self.gram


class AttractionJson(models.Model):
    """An attraction as the API contract's object, encoded once: derived data, never
    edited by hand (attractions/attraction_json.py builds it, signals mark it stale)."""

    attraction = models.OneToOneField(
        Attraction,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="contract_json",
    )
    # "" until built, and again once an edit makes it stale.
    text = models.TextField(blank=True)
    # What it was built under (attraction_json.current_format()): code and media URL.
    format = models.CharField(max_length=16, blank=True)
    # The object in English and in Japanese (blank translations fall back to 繁體中文),
    # each with its own format; one revision guards all three.
    text_en = models.TextField(blank=True)
    format_en = models.CharField(max_length=16, blank=True)
    text_ja = models.TextField(blank=True)
    format_ja = models.CharField(max_length=16, blank=True)
    # Bumped by every edit: a build from before the edit must not be written back.
    revision = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"JSON of attraction {self.attraction_id}"
