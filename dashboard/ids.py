"""Every component id, once. Kebab-case, prefixed by page."""


class Shell:
    FLASH = "shell-flash"
    NAV = "shell-nav-redirect"
    SCOPE = "shell-scope"
    LANGUAGE = "shell-language"
    RELOAD = "shell-reload"


class Home:
    SUMMARY = "home-summary"
    DUE = "home-due"
    RECENT = "home-recent"


class Customers:
    SEARCH = "customers-search"
    STAGE_TABS = "customers-stage-tabs"
    LEVEL = "customers-level"
    SOURCE = "customers-source"
    INDUSTRY = "customers-industry"
    PROVINCE = "customers-province"
    CITY = "customers-city"
    OWNER = "customers-owner"
    CREATED_FROM = "customers-created-from"
    CREATED_TO = "customers-created-to"
    FOLLOWUP_FROM = "customers-followup-from"
    FOLLOWUP_TO = "customers-followup-to"
    SORT = "customers-sort"
    DIRECTION = "customers-direction"
    PAGE_SIZE = "customers-page-size"
    RESET = "customers-reset"
    GRID = "customers-grid"
    PAGER = "customers-pager"
    TOTAL = "customers-total"
    SELECTION = "customers-selection"
    DELETE = "customers-delete"
    DELETE_CONFIRM = "customers-delete-confirm"
    DELETE_MODAL = "customers-delete-modal"
    DELETE_CANCEL = "customers-delete-cancel"
    REFRESH = "customers-refresh"
    MESSAGE = "customers-message"


class CustomerForm:
    """Create and edit share one form; CUSTOMER_ID/VERSION are empty on create."""

    CUSTOMER_ID = "customer-form-id"
    VERSION = "customer-form-version"
    FIELDS = (
        "name",
        "mobile",
        "phone",
        "email",
        "source",
        "industry",
        "level",
        "stage",
        "province",
        "city",
        "district",
        "address",
        "owner_id",
        "next_followup_at",
        "tags",
        "remark",
    )
    SAVE = "customer-form-save"
    SAVE_ANYWAY = "customer-form-save-anyway"
    MESSAGE = "customer-form-message"
    DUPLICATES = "customer-form-duplicates"
    DUPLICATE_LIST = "customer-form-duplicate-list"

    @staticmethod
    def field(name: str) -> str:
        return f"customer-form-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"customer-form-{name.replace('_', '-')}-feedback"


class CustomerDetail:
    CUSTOMER_ID = "customer-detail-id"
    HEADER = "customer-detail-header"
    TABS = "customer-detail-tabs"
    INFO = "customer-detail-info"
    CONTACTS = "customer-detail-contacts"
    TIMELINE = "customer-detail-timeline"
    LOG = "customer-detail-log"
    DELETE = "customer-detail-delete"
    DELETE_CONFIRM = "customer-detail-delete-confirm"
    DELETE_MODAL = "customer-detail-delete-modal"
    DELETE_CANCEL = "customer-detail-delete-cancel"
    MESSAGE = "customer-detail-message"
    REFRESH = "customer-detail-refresh"


class FollowUpForm:
    TYPE = "followup-form-type"
    CONTACT = "followup-form-contact"
    CONTENT = "followup-form-content"
    OCCURRED = "followup-form-occurred"
    NEXT = "followup-form-next"
    SAVE = "followup-form-save"
    MESSAGE = "followup-form-message"

    @staticmethod
    def feedback(name: str) -> str:
        return f"followup-form-{name.replace('_', '-')}-feedback"


class Contacts:
    SEARCH = "contacts-search"
    PRIMARY = "contacts-primary"
    GRID = "contacts-grid"
    PAGER = "contacts-pager"
    TOTAL = "contacts-total"
    PAGE_SIZE = "contacts-page-size"


class ContactForm:
    CONTACT_ID = "contact-form-id"
    VERSION = "contact-form-version"
    FIELDS = (
        "customer_id",
        "name",
        "mobile",
        "phone",
        "email",
        "title",
        "is_primary",
        "birthday",
        "remark",
    )
    SAVE = "contact-form-save"
    MESSAGE = "contact-form-message"

    @staticmethod
    def field(name: str) -> str:
        return f"contact-form-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"contact-form-{name.replace('_', '-')}-feedback"


class ContactDetail:
    CONTACT_ID = "contact-detail-id"
    BODY = "contact-detail-body"
    TIMELINE = "contact-detail-timeline"


class RecycleBin:
    SEARCH = "recycle-search"
    GRID = "recycle-grid"
    PAGER = "recycle-pager"
    TOTAL = "recycle-total"
    RESTORE = "recycle-restore"
    PURGE = "recycle-purge"
    PURGE_CONFIRM = "recycle-purge-confirm"
    PURGE_MODAL = "recycle-purge-modal"
    PURGE_CANCEL = "recycle-purge-cancel"
    MESSAGE = "recycle-message"
    REFRESH = "recycle-refresh"


class Account:
    CURRENT = "account-current"
    NEW = "account-new"
    CONFIRM = "account-confirm"
    SAVE = "account-save"
    MESSAGE = "account-message"

    @staticmethod
    def feedback(name: str) -> str:
        return f"account-{name}-feedback"
