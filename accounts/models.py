from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    Group,
    Permission,
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

    email = models.EmailField("電子郵件 E-mail", max_length=254, unique=True)
    name = models.CharField("姓名 Name", max_length=50)
    phone = models.CharField(
        "手機號碼 Phone",
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                rf"\A{PHONE_PATTERN}\Z",
                "手機號碼格式不正確，請輸入 09 開頭的 10 位數字",
            )
        ],
    )
    avatar = models.CharField("頭像檔案 Avatar file", max_length=255, blank=True)
    is_active = models.BooleanField("啟用 Active", default=True)
    is_staff = models.BooleanField("工作人員 Staff", default=False)
    date_joined = models.DateTimeField("加入時間 Joined", default=timezone.now)
    email_verified_at = models.DateTimeField(
        "信箱驗證時間 E-mail verified", null=True, blank=True
    )
    # Deleted members stay as anonymous rows: their paid orders point at them.
    deleted_at = models.DateTimeField("刪除時間 Deleted", null=True, blank=True)
    # The language of their last sign-up, sign-in or verification resend (never of a
    # reset request, which anyone may make): their account e-mails are written in it
    # (a worker rendering them has no request to ask).
    language = models.CharField(
        "語言 Language",
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # Django's own fields, redeclared as they are (same columns and tables) only so
    # that staff read their labels in both languages like every other one.
    password = models.CharField("密碼 Password", max_length=128)
    last_login = models.DateTimeField("上次登入 Last sign-in", blank=True, null=True)
    is_superuser = models.BooleanField(
        "超級使用者 Superuser",
        default=False,
        help_text="擁有所有權限 Has every permission without it being given.",
    )
    groups = models.ManyToManyField(
        Group,
        verbose_name="群組 Groups",
        blank=True,
        help_text=(
            "會員擁有所屬群組的所有權限 The member has every permission of each group."
        ),
        related_name="user_set",
        related_query_name="user",
    )
    user_permissions = models.ManyToManyField(
        Permission,
        verbose_name="個別權限 Permissions",
        blank=True,
        help_text="這位會員另外擁有的權限 Permissions given to this member alone.",
        related_name="user_set",
        related_query_name="user",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = "會員 Member"
        verbose_name_plural = "會員 Members"

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
