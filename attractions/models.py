from django.db import models
from django.db.models import Q


class Category(models.Model):
    name = models.CharField("名稱", max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "分類"
        verbose_name_plural = "分類"

    def __str__(self):
        return self.name


class MrtStation(models.Model):
    name = models.CharField("站名", max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "捷運站"
        verbose_name_plural = "捷運站"

    def __str__(self):
        return self.name


class Attraction(models.Model):
    """A place to visit. Imported ones keep the open data's `_id`, so URLs stay stable."""

    id = models.AutoField(primary_key=True)
    name = models.CharField("名稱", max_length=100, db_index=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="attractions",
        verbose_name="分類",
    )
    mrt = models.ForeignKey(
        MrtStation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attractions",
        verbose_name="捷運站",
    )
    description = models.TextField("介紹", blank=True)
    address = models.CharField("地址", max_length=255, blank=True)
    transport = models.TextField("交通方式", blank=True)
    lat = models.FloatField("緯度")
    lng = models.FloatField("經度")
    updated_at = models.DateTimeField("更新時間", auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "景點"
        verbose_name_plural = "景點"
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
        Attraction, on_delete=models.CASCADE, related_name="images", verbose_name="景點"
    )
    position = models.PositiveIntegerField("順序", default=0)
    url = models.URLField("網址", max_length=500, blank=True)
    file = models.ImageField("圖檔", upload_to="attractions/", blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "景點圖片"
        verbose_name_plural = "景點圖片"
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
        return self.file.url if self.file else self.url


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
        # Not unique: under MariaDB's accent-insensitive collation "é1" and "e1" are the
        # same key, and a duplicate row only costs a little space.
        indexes = [
            models.Index(fields=["gram", "attraction"], name="namegram_gram_attraction")
        ]

    def __str__(self):
        return self.gram
