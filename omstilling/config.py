"""Settings from the environment (OMSTILLING_*), read in one place."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """What an installation is configured with; secrets never live in the database."""

    model_config = SettingsConfigDict(env_prefix="OMSTILLING_", extra="ignore")

    database_url: str = "sqlite:///omstilling.db"
    output_dir: Path = Path("out")
    apprise_config: Path | None = None
    apprise_secret_block: str | None = None
    """The name of a Prefect Secret block holding the apprise configuration (YAML); when set, it is used instead
    of the file `apprise_config` (the default), so the passwords in it live in Prefect, not on the workers' disks."""
    timezone: str | None = None
    """The installation's time zone: what "today" is for the daily tick and the command line (default: the core's
    `DEFAULT_TIMEZONE`, Europe/Oslo). Each programme's deadlines and meetings are in its own `Programme.timezone`."""
    templates_dir: Path = Path(__file__).resolve().parent / "documents" / "templates"
    attachment_limit_mb: float = 10
    """Documents larger than this (all attached formats together) are not attached; the message says where to get
    them instead."""
    workbook_max_mb: float = 50
    """The most a workbook (or CSV files) may hold unpacked, in MB: an .xlsx is a zip file, and its parts' sizes
    are checked before any of it is read (also the largest .xlsx or CSV file read at all)."""
    workbook_max_rows: int = 10_000
    """The most rows a sheet (or a CSV file) may have, the header row included."""
    workbook_max_columns: int = 50
    """The most columns a sheet (or a CSV file) may have."""
    workbook_max_errors: int = 200
    """How many of a workbook's errors are listed; the rest are counted ("… og 1 234 feil til")."""
    upload_max_mb: float = 10
    """The largest file the web app takes in an upload (as sent, packed); a larger one is refused unread."""
    invitations: Literal["planlagt", "innkalling"] = "planlagt"
    """When a board meeting's calendar invitation first goes: `planlagt` (from 120 days ahead, so a meeting planned
    sooner is announced the day it is planned) or `innkalling` (on its notice day, together with the notice, one
    meeting at a time). Other meetings of the wheel always go from 120 days ahead."""
    base_url: str | None = None
    """The address people use to reach the web app (e.g. https://omstilling.example.no): links in e-mail."""
    env: str = "development"
    """`production` makes the web app refuse to start without a real OMSTILLING_SECRET_KEY."""
    secret_key: str | None = None
    """Signs the web app's session cookies (at least 32 characters; never in the database or the logs)."""
    quorum: Literal["mer-enn-halvparten", "minst-halvparten"] = "mer-enn-halvparten"
    """How many of the board's members (the chair and the members) must come for the board to have a quorum, as the
    meeting page counts the answers to the notice: `mer-enn-halvparten` (the default) or `minst-halvparten`."""
    operators: str = ""
    """Comma-separated e-mail addresses of the operators: they see every programme (and addresses) in the web app."""
    audit_days: int = 730
    """How long the audit trail keeps an event, in days; the daily tick (and `omstilling purge`) removes older ones."""
    message_body_days: int = 90
    """After this many days the texts of a message that has gone (or will not go) are blanked in the outbox; the row
    stays, since it is what makes each message go out exactly once."""
    file_mode: str = "0640"
    """The mode of the files omstilling writes (documents, workbooks, calendars), in octal: 0640 lets the owner
    write and the group read (a shared output folder the web app's user or a colleague reads); 0600 keeps them to
    the owner."""
    session_hours: int = 8
    """How long a web session lasts after signing in, however busy (the absolute lifetime)."""
    session_idle_minutes: int = 60
    """A web session left unused this long ends (the idle lifetime)."""
    email_links: bool = True
    """Whether people may sign in by a one-time link sent by e-mail (the board's outside members need it); the
    operator can switch it off when everyone signs in through the organisation's identity provider."""
    oidc_issuer: str | None = None
    """The OpenID provider's issuer (Entra ID: https://login.microsoftonline.com/<tenant>/v2.0; ID-porten:
    https://idporten.no). With the client id and secret it turns on sign-in through the organisation."""
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    """The client's secret at the provider (never in the database or the logs)."""
    oidc_scopes: str = "openid email profile"
    oidc_email_claim: str = "email"
    """The claim that carries the person's e-mail address (Entra ID may use `preferred_username` or `upn`)."""
    oidc_acr_values: str | None = None
    """The levels of assurance asked for and accepted, separated by spaces (ID-porten: `idporten-loa-substantial
    idporten-loa-high`); when set, a sign-in whose `acr` is none of them is refused."""
    oidc_name: str = "Logg inn med organisasjonens konto"
    """The sign-in button's text, e.g. «Logg inn med Vestre Toten kommune»."""
    de_minimis_ceiling_eur: Decimal = Decimal(300_000)
    """The de minimis ceiling per single undertaking over any three years, in euro (Regulation (EU) 2023/2831 art.
    3(2)); a grant that would take the sum over it is refused (docs/STATE_AID.md). The older regulations' ceilings
    (200 000 over three fiscal years) are theirs, not settings."""
    de_minimis_from: str = ""
    """From which grant date each de minimis regulation applies, where it differs from the defaults (the dates they
    applied from in the EU: «1998/2006=2007-01-01, 1407/2013=2014-01-01, 2023/2831=2024-01-01»); read (and refused in
    words when it cannot be) by `core.stateaid.regulations` through `intake.stateaid.Ceiling` (docs/STATE_AID.md)."""
    de_minimis_warning: Decimal = Decimal("0.8")
    """The share of the ceiling at which a grant is recorded with a warning (0,8: from 240 000 euro)."""
    register_threshold_eur: Decimal = Decimal(100_000)
    """An award at or over this many euro is reported to Registeret for offentlig støtte (today's rule; 0: every award,
    as proposed)."""
    register_deadline: str = "6 måneder"
    """Within how long after the grant date an award is reported: «6 måneder» (today's rule) or «20 virkedager»
    (the proposed one); read by `core.stateaid.ReportingRule.parse`."""

    @property
    def oidc_enabled(self) -> bool:
        return bool((self.oidc_issuer or "").strip())

    @field_validator("file_mode")
    @classmethod
    def _octal_mode(cls, value: str) -> str:
        try:
            bits = int(value.strip(), 8)
        except ValueError:
            raise ValueError(f"OMSTILLING_FILE_MODE må være en filmodus i oktal, f.eks. 0640, ikke «{value}»") from None
        if not 0 <= bits <= 0o777 or not bits & 0o600 == 0o600:
            raise ValueError(f"OMSTILLING_FILE_MODE {value} må la eieren lese og skrive (f.eks. 0640 eller 0600)")
        if bits & 0o133:  # others writing, or anyone executing, a document
            raise ValueError(
                f"OMSTILLING_FILE_MODE {value} lar andre skrive i filene eller kjøre dem; bruk 0640, 0644 eller 0600"
            )
        return value.strip()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(value.strip())
        except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
            raise ValueError(
                f"OMSTILLING_TIMEZONE «{value}» er ingen kjent tidssone; norske program bruker Europe/Oslo"
            ) from None
        return value.strip()

    @field_validator("de_minimis_ceiling_eur", "register_threshold_eur", "de_minimis_warning", mode="before")
    @classmethod
    def _a_number(cls, value: object, info: ValidationInfo) -> object:
        """A number as written («300000», «0,8»); anything else is said in Norwegian, not pydantic's English."""
        if isinstance(value, str):
            try:
                return Decimal(value.strip().replace(",", "."))
            except ArithmeticError:
                raise ValueError(
                    f"OMSTILLING_{(info.field_name or '').upper()} skal være et tall, ikke «{value.strip()}»"
                ) from None
        return value

    @field_validator("de_minimis_ceiling_eur")
    @classmethod
    def _positive_euros(cls, value: Decimal) -> Decimal:
        if not value.is_finite() or value <= 0:
            raise ValueError(f"OMSTILLING_DE_MINIMIS_CEILING_EUR er et beløp i euro over 0, ikke {value}")
        return value

    @field_validator("register_threshold_eur")
    @classmethod
    def _a_threshold(cls, value: Decimal) -> Decimal:
        if not value.is_finite() or value < 0:
            raise ValueError(
                f"OMSTILLING_REGISTER_THRESHOLD_EUR er et beløp i euro, 0 eller mer (0: hver tildeling), ikke {value}"
            )
        return value

    @field_validator("de_minimis_warning")
    @classmethod
    def _a_share(cls, value: Decimal) -> Decimal:
        if not value.is_finite() or not 0 < value <= 1:
            raise ValueError(
                f"OMSTILLING_DE_MINIMIS_WARNING er en andel av taket, over 0 og høyst 1 (f.eks. 0.8), ikke {value}"
            )
        return value

    @field_validator("audit_days", "message_body_days")
    @classmethod
    def _whole_days(cls, value: int) -> int:
        if value < 1:
            raise ValueError(f"må være et helt antall dager, minst 1, ikke {value}")
        return value

    @property
    def file_mode_bits(self) -> int:
        return int(self.file_mode, 8)

    @property
    def production(self) -> bool:
        return self.env.strip().casefold() in ("production", "produksjon", "prod")

    @property
    def operator_emails(self) -> frozenset[str]:
        return frozenset(a.strip().casefold() for a in self.operators.split(",") if a.strip())


OIDC_REQUIRED = ("OMSTILLING_OIDC_ISSUER", "OMSTILLING_OIDC_CLIENT_ID", "OMSTILLING_OIDC_CLIENT_SECRET")


def sign_in_problem(settings: Settings) -> str | None:
    """Why people could not sign in safely with these settings (None when they can): OpenID Connect half set up
    (issuer, client id and secret go together; the scopes must hold `openid`; the issuer must be https except on
    this machine), no way to sign in at all (e-mail links off and no OpenID provider), or lifetimes under a
    minute."""
    given = dict(
        zip(OIDC_REQUIRED, (settings.oidc_issuer, settings.oidc_client_id, settings.oidc_client_secret), strict=True)
    )
    missing = [name for name, value in given.items() if not (value or "").strip()]
    if missing and len(missing) < len(OIDC_REQUIRED):
        return (
            f"OpenID Connect er bare halvveis satt opp: {', '.join(missing)} mangler "
            f"(sett alle av {', '.join(OIDC_REQUIRED)}, eller ingen)"
        )
    if settings.oidc_enabled:
        issuer = (settings.oidc_issuer or "").strip()
        local = issuer.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))
        if not (issuer.startswith("https://") or (local and not settings.production)) or " " in issuer:
            return (
                f"OMSTILLING_OIDC_ISSUER «{issuer}» må være en https-adresse, "
                "f.eks. https://login.microsoftonline.com/<tenant-id>/v2.0"
            )
        if "openid" not in settings.oidc_scopes.split():
            return f"OMSTILLING_OIDC_SCOPES «{settings.oidc_scopes}» må ta med «openid»"
        if not settings.oidc_email_claim.strip():
            return "OMSTILLING_OIDC_EMAIL_CLAIM er tom: oppgi kravet som bærer e-postadressen, f.eks. email"
    elif not settings.email_links:
        return (
            "Ingen kan logge inn: OMSTILLING_EMAIL_LINKS er slått av og OpenID Connect er ikke satt opp "
            f"({', '.join(OIDC_REQUIRED)})"
        )
    if settings.session_hours < 1 or settings.session_idle_minutes < 1:
        return "OMSTILLING_SESSION_HOURS og OMSTILLING_SESSION_IDLE_MINUTES må være minst 1"
    return None


MIN_SECRET_LENGTH = 32
PLACEHOLDERS = (
    "changeme",
    "change-me",
    "change_me",
    "endre-meg",
    "endremeg",
    "hemmelig",
    "secret",
    "placeholder",
    "plassholder",
    "xxx",
    "todo",
    "dev",
    "test",
    "default",
    "password",
    "passord",
)


def is_placeholder(key: str) -> bool:
    """A key someone copied from an example (or typed by hand) rather than generated."""
    folded = key.strip().casefold()
    return not folded or any(word in folded for word in PLACEHOLDERS) or len(set(folded)) < 8


def secret_key_problem(settings: Settings) -> str | None:
    """Why the web app must not start with these settings (None when it may). In production
    (OMSTILLING_ENV=production) OMSTILLING_SECRET_KEY must be at least 32 characters and no placeholder; in
    development a missing key is allowed (the app makes a random one for its process)."""
    key = (settings.secret_key or "").strip()
    if not settings.production or (len(key) >= MIN_SECRET_LENGTH and not is_placeholder(key)):
        return None
    why = "mangler" if not key else ("er for kort" if len(key) < MIN_SECRET_LENGTH else "er en plassholder")
    return (
        f"OMSTILLING_SECRET_KEY {why}: i produksjon (OMSTILLING_ENV=production) må den være en tilfeldig nøkkel "
        f"på minst {MIN_SECRET_LENGTH} tegn, for eksempel fra "
        "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
    )


DEVELOPMENT_BASE_URL = "http://127.0.0.1:8000"
"""Where links point in development when OMSTILLING_BASE_URL is not set (`omstilling web` sets it from its
--host and --port). Never the request's Host header: anyone could make a real user receive a working sign-in link
to a host of their choosing."""


def base_url_problem(settings: Settings) -> str | None:
    """Why links cannot be built from these settings (None when they can): OMSTILLING_BASE_URL must be a full
    http(s) address, and in production it must be set."""
    url = (settings.base_url or "").strip()
    if not url:
        if settings.production:
            return (
                "OMSTILLING_BASE_URL mangler: i produksjon (OMSTILLING_ENV=production) må webappens adresse være "
                "satt, f.eks. https://omstilling.kommune.no (lenkene i e-post bygges av den, aldri av "
                "forespørselen)"
            )
        return None
    return (
        None
        if plain_address(url)
        else (
            f"OMSTILLING_BASE_URL «{url[:200]}» er ikke en full adresse til webappen; skriv f.eks. "
            "https://omstilling.kommune.no (uten brukernavn, spørring eller fragment)"
        )
    )


def plain_address(url: str) -> bool:
    """An http(s) address of a host (and port, and a path prefix), nothing that could send a link elsewhere or
    carry a secret off: no user info (`real@evil`), query, fragment, `..`, blanks or control characters."""
    from urllib.parse import urlsplit

    if len(url) > 500 or any(ord(c) <= 32 or c == "\\" for c in url):
        return False
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is no number or out of range
    except ValueError:
        return False
    host = parts.hostname or ""
    return (
        parts.scheme in ("http", "https")
        and bool(host)
        and "@" not in parts.netloc
        and not parts.query
        and not parts.fragment
        and "?" not in url
        and "#" not in url
        and ".." not in parts.path.split("/")
        and len(host) <= 253
        and (port is None or 0 < port < 65536)
    )


def links_base(settings: Settings) -> str:
    """The address links in messages and sign-in e-mails start with: the configured base URL (in development,
    `DEVELOPMENT_BASE_URL` when none is set)."""
    return (settings.base_url or "").strip().rstrip("/") or DEVELOPMENT_BASE_URL


def start_problem(settings: Settings) -> str | None:
    """Why the web app must not start with these settings: the secret key, the base URL, then the ways to sign in
    (one check for `create_app` and `omstilling web`)."""
    return secret_key_problem(settings) or base_url_problem(settings) or sign_in_problem(settings)


DEVELOPMENT_ANSWER_KEY = "omstilling-utvikling-svarlenker"
"""Signs the answer links of a development installation without OMSTILLING_SECRET_KEY (not a secret: production
refuses to start without a real key)."""


def answer_key(settings: Settings) -> str | None:
    """The key that signs the answer links in a board meeting's notice (`OMSTILLING_SECRET_KEY`, which the web app
    that checks them also has); in development without one a fixed key, in production without one none (no links)."""
    key = (settings.secret_key or "").strip()
    if key and not secret_key_problem(settings):
        return key
    return None if settings.production else DEVELOPMENT_ANSWER_KEY


@lru_cache
def get_settings() -> Settings:
    """The settings of this process (cached; call `get_settings.cache_clear()` after changing the environment)."""
    return Settings()
