from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from taipei_trip.forms import PHONE_PATTERN


class UserManager(BaseUserManager):
    use_in_migrations = True

    @staticmethod
    def normalize_email_address(email: str) -> str:
        """E-mail addresses are unique whatever their letter case, so store them lowered."""
        return (email or "").strip().lower()

    def get_by_natural_key(self, email):
        return self.get(email=self.normalize_email_address(email))

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email_address(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member, signed in by e-mail address."""

    email = models.EmailField("電子郵件", max_length=254, unique=True)
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField(
        "手機號碼",
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                rf"\A{PHONE_PATTERN}\Z",
                "手機號碼格式不正確，請輸入 09 開頭的 10 位數字",
            )
        ],
    )
    avatar = models.CharField("頭像檔案", max_length=255, blank=True)
    is_active = models.BooleanField("啟用", default=True)
    is_staff = models.BooleanField("工作人員", default=False)
    date_joined = models.DateTimeField("加入時間", default=timezone.now)
    email_verified_at = models.DateTimeField("信箱驗證時間", null=True, blank=True)
    # Deleted members stay as anonymous rows: their paid orders point at them.
    deleted_at = models.DateTimeField("刪除時間", null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = "會員"
        verbose_name_plural = "會員"

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    def clean(self):
        super().clean()
        self.email = User.objects.normalize_email_address(self.email)


class Token(models.Model):
    """One sign-in: only a hash of the token is kept, so a database leak signs no one in."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self):
        return f"token {self.pk} of user {self.user_id}"


class AttemptCounter(models.Model):
    """Attempts of one kind from one subject (an address, an e-mail, a pair) in a window.

    A table rather than cache keys: a cache evicts under memory pressure, and a lock an
    attacker can flush away (by filling the cache) protects nothing. accounts/throttling.py
    is the only code that reads or writes it.
    """

    key = models.CharField(max_length=80, unique=True)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(db_index=True)
    # For a delay limit: no attempt is allowed before this moment.
    not_before = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "嘗試次數"
        verbose_name_plural = "嘗試次數"

    def __str__(self):
        return f"{self.key}: {self.count} until {self.window_ends:%Y-%m-%d %H:%M:%S}"
