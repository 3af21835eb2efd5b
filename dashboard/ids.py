"""Every component id, once. Kebab-case, prefixed by page."""


class Shell:
    FLASH = "shell-flash"
    NAV = "shell-nav-redirect"
    SCOPE = "shell-scope"
    LANGUAGE = "shell-language"
    RELOAD = "shell-reload"


class Home:
    SUMMARY = "home-summary"
    MONTH = "home-month"
    CHART = "home-chart"
    GRAIN = "home-chart-grain"
    METRIC = "home-chart-metric"
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
    # Tabs filled by the deals modules, each loaded when first opened.
    OPPORTUNITIES = "customer-detail-opportunities"
    CONTRACTS_TAB = "customer-detail-contracts"
    PAYMENTS = "customer-detail-payments"
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
    REFRESH = "contact-detail-refresh"


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
    MUST_CHANGE = "account-must-change"

    @staticmethod
    def feedback(name: str) -> str:
        return f"account-{name}-feedback"


class TransferDialog:
    """The transfer button and dialog, once per page that includes it: every id
    carries that page's prefix (`TransferDialog("customers").OPEN`)."""

    FIELDS = ("to_user_id", "note", "with_related")

    def __init__(self, page: str) -> None:
        prefix = f"{page}-transfer"
        self.page = page
        self.OPEN = f"{prefix}-open"
        self.MODAL = f"{prefix}-modal"
        self.CUSTOMER_IDS = f"{prefix}-customer-ids"
        self.SUMMARY = f"{prefix}-summary"
        self.CONFIRM = f"{prefix}-confirm"
        self.CANCEL = f"{prefix}-cancel"
        self.MESSAGE = f"{prefix}-message"
        self.prefix = prefix

    def field(self, name: str) -> str:
        return f"{self.prefix}-{name.replace('_', '-')}"

    def feedback(self, name: str) -> str:
        return f"{self.prefix}-{name.replace('_', '-')}-feedback"


class Duplicates:
    NAME = "duplicates-name"
    MOBILE = "duplicates-mobile"
    CHECK = "duplicates-check"
    SUMMARY = "duplicates-summary"
    RESULTS = "duplicates-results"
    MESSAGE = "duplicates-message"

    @staticmethod
    def feedback(name: str) -> str:
        return f"duplicates-{name}-feedback"


class Leads:
    SEARCH = "leads-search"
    STATUS_TABS = "leads-status-tabs"
    SOURCE = "leads-source"
    OWNER = "leads-owner"
    SORT = "leads-sort"
    DIRECTION = "leads-direction"
    PAGE_SIZE = "leads-page-size"
    GRID = "leads-grid"
    PAGER = "leads-pager"
    TOTAL = "leads-total"
    SELECTION = "leads-selection"
    RELEASE = "leads-release"
    DELETE = "leads-delete"
    DELETE_MODAL = "leads-delete-modal"
    DELETE_CONFIRM = "leads-delete-confirm"
    DELETE_CANCEL = "leads-delete-cancel"
    MESSAGE = "leads-message"
    REFRESH = "leads-refresh"


class LeadPool:
    SEARCH = "lead-pool-search"
    SOURCE = "lead-pool-source"
    GRID = "lead-pool-grid"
    PAGER = "lead-pool-pager"
    TOTAL = "lead-pool-total"
    SELECTION = "lead-pool-selection"
    CLAIM = "lead-pool-claim"
    MESSAGE = "lead-pool-message"
    REFRESH = "lead-pool-refresh"


class LeadForm:
    """Create and edit share one form; LEAD_ID/VERSION are empty on create."""

    LEAD_ID = "lead-form-id"
    VERSION = "lead-form-version"
    FIELDS = (
        "name",
        "company",
        "mobile",
        "phone",
        "email",
        "source",
        "status",
        "owner_id",
        "next_followup_at",
        "remark",
    )
    SAVE = "lead-form-save"
    MESSAGE = "lead-form-message"

    @staticmethod
    def field(name: str) -> str:
        return f"lead-form-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"lead-form-{name.replace('_', '-')}-feedback"


class LeadDetail:
    LEAD_ID = "lead-detail-id"
    HEADER = "lead-detail-header"
    TABS = "lead-detail-tabs"
    INFO = "lead-detail-info"
    TIMELINE = "lead-detail-timeline"
    LOG = "lead-detail-log"
    EDIT = "lead-detail-edit"
    CONVERT = "lead-detail-convert"
    RELEASE = "lead-detail-release"
    CLAIM = "lead-detail-claim"
    DELETE = "lead-detail-delete"
    DELETE_CONFIRM = "lead-detail-delete-confirm"
    DELETE_MODAL = "lead-detail-delete-modal"
    DELETE_CANCEL = "lead-detail-delete-cancel"
    FOLLOWUP_CARD = "lead-detail-followup-card"
    MESSAGE = "lead-detail-message"
    REFRESH = "lead-detail-refresh"


class LeadFollowUpForm:
    TYPE = "lead-followup-type"
    CONTENT = "lead-followup-content"
    OCCURRED = "lead-followup-occurred"
    NEXT = "lead-followup-next"
    SAVE = "lead-followup-save"
    MESSAGE = "lead-followup-message"

    @staticmethod
    def feedback(name: str) -> str:
        return f"lead-followup-{name.replace('_', '-')}-feedback"


class LeadConvert:
    MODAL = "lead-convert-modal"
    VERSION = "lead-convert-version"
    FIELDS = (
        "owner_id",
        "customer_name",
        "industry",
        "level",
        "contact_name",
        "contact_title",
        "opportunity_name",
        "opportunity_amount",
    )
    CREATE_CONTACT = "lead-convert-create-contact"
    SAVE = "lead-convert-save"
    SAVE_ANYWAY = "lead-convert-save-anyway"
    CANCEL = "lead-convert-cancel"
    DUPLICATES = "lead-convert-duplicates"
    DUPLICATE_LIST = "lead-convert-duplicate-list"
    MESSAGE = "lead-convert-message"

    @staticmethod
    def field(name: str) -> str:
        return f"lead-convert-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"lead-convert-{name.replace('_', '-')}-feedback"


class AdminUsers:
    SEARCH = "admin-users-search"
    TEAM = "admin-users-team"
    ROLE = "admin-users-role"
    STATUS = "admin-users-status"
    NEW = "admin-users-new"
    GRID = "admin-users-grid"
    PAGER = "admin-users-pager"
    TOTAL = "admin-users-total"
    REFRESH = "admin-users-refresh"
    MESSAGE = "admin-users-message"
    # The create/edit dialog; USER_ID is empty on create.
    MODAL = "admin-users-modal"
    TITLE = "admin-users-title"
    USER_ID = "admin-users-user-id"
    FIELDS = (
        "username",
        "password",
        "display_name",
        "email",
        "mobile",
        "team_id",
        "supervisor_id",
        "role_id",
        "language",
    )
    CREATE_ONLY = "admin-users-create-only"
    EDIT_ONLY = "admin-users-edit-only"
    SAVE = "admin-users-save"
    CANCEL = "admin-users-cancel"
    FORM_MESSAGE = "admin-users-form-message"
    RESET_PASSWORD = "admin-users-reset-password"
    RESET = "admin-users-reset"
    RESET_FEEDBACK = "admin-users-reset-password-feedback"
    TOGGLE_ACTIVE = "admin-users-toggle-active"
    ACTIVE_MODAL = "admin-users-active-modal"
    ACTIVE_BODY = "admin-users-active-body"
    ACTIVE_CONFIRM = "admin-users-active-confirm"
    ACTIVE_CANCEL = "admin-users-active-cancel"
    ACTIVE_TARGET = "admin-users-active-target"  # "enable" | "disable"
    # Where "transfer to a user / release to the pool" goes once those services land.
    HANDOVER = "admin-users-handover"
    HANDOVER_FORM = "admin-users-handover-form"
    HANDOVER_MODE = "admin-users-handover-mode"
    HANDOVER_USER = "admin-users-handover-user"
    HANDOVER_REASON = "admin-users-handover-reason"

    @staticmethod
    def field(name: str) -> str:
        return f"admin-users-{name.replace('_', '-')}-input"

    @staticmethod
    def feedback(name: str) -> str:
        return f"admin-users-{name.replace('_', '-')}-feedback"


class AdminTeams:
    TREE = "admin-teams-tree"
    NODE = "admin-teams-node"  # pattern id type: {"type": NODE, "index": team id}
    NEW = "admin-teams-new"
    TEAM_ID = "admin-teams-team-id"
    TITLE = "admin-teams-title"
    FIELDS = ("name", "parent_id", "leader_id", "sort_order")
    SAVE = "admin-teams-save"
    DELETE = "admin-teams-delete"
    MESSAGE = "admin-teams-message"
    REFRESH = "admin-teams-refresh"

    @staticmethod
    def field(name: str) -> str:
        return f"admin-teams-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"admin-teams-{name.replace('_', '-')}-feedback"


class AdminRoles:
    GRID = "admin-roles-grid"
    NEW = "admin-roles-new"
    ROLE_ID = "admin-roles-role-id"
    TITLE = "admin-roles-title"
    FIELDS = ("code", "name_zh", "name_en", "data_scope", "permissions")
    PERMISSION_GROUP = "admin-roles-permission-group"  # pattern id type, index=group
    SAVE = "admin-roles-save"
    DELETE = "admin-roles-delete"
    MESSAGE = "admin-roles-message"
    REFRESH = "admin-roles-refresh"

    @staticmethod
    def field(name: str) -> str:
        return f"admin-roles-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"admin-roles-{name.replace('_', '-')}-feedback"


class Exports:
    """The export menu of a list page; `entity` is "customers", "contacts", …"""

    @staticmethod
    def menu(entity: str) -> str:
        return f"{entity}-export"

    @staticmethod
    def item(entity: str, selection: str, fmt: str) -> str:
        """selection: "selected" | "filtered"; fmt: "xlsx" | "csv"."""
        return f"{entity}-export-{selection}-{fmt}"

    @staticmethod
    def download(entity: str) -> str:
        return f"{entity}-export-download"

    @staticmethod
    def import_link(entity: str) -> str:
        return f"{entity}-import-link"


class ImportWizard:
    """The import wizard of one entity: every id carries its prefix
    (`ImportWizard("lead").UPLOAD` is "lead-import-upload")."""

    def __init__(self, prefix: str) -> None:
        base = f"{prefix}-import"
        self.UPLOAD = f"{base}-upload"
        self.TOKEN = f"{base}-token"
        self.FILE_INFO = f"{base}-file"
        self.FILE_SUMMARY = f"{base}-file-summary"
        self.MAPPING = f"{base}-mapping"
        self.MAP = f"{base}-map"  # pattern id type, index = column number
        self.DUPLICATES = f"{base}-duplicates"
        self.CHECK = f"{base}-check"
        self.COMMIT = f"{base}-commit"
        self.PREVIEW = f"{base}-preview"
        self.PREVIEW_TABLE = f"{base}-preview-table"
        self.REPORT = f"{base}-report"
        self.SUMMARY = f"{base}-summary"
        self.PROBLEMS = f"{base}-problems"
        self.DONE = f"{base}-done"
        self.REPORT_XLSX = f"{base}-report-xlsx"
        self.REPORT_CSV = f"{base}-report-csv"
        self.REPORT_DOWNLOAD = f"{base}-report-download"
        self.MESSAGE = f"{base}-message"


CustomerImport = ImportWizard("customer")
LeadImport = ImportWizard("lead")


class AdminDictionaries:
    KIND = "admin-dictionaries-kind"
    GRID = "admin-dictionaries-grid"
    UP = "admin-dictionaries-up"
    DOWN = "admin-dictionaries-down"
    EDIT = "admin-dictionaries-edit"
    TOGGLE = "admin-dictionaries-toggle"
    DELETE = "admin-dictionaries-delete"
    DELETE_MODAL = "admin-dictionaries-delete-modal"
    DELETE_CONFIRM = "admin-dictionaries-delete-confirm"
    DELETE_CANCEL = "admin-dictionaries-delete-cancel"
    ADD = "admin-dictionaries-add"
    EDIT_MODAL = "admin-dictionaries-edit-modal"
    EDIT_ID = "admin-dictionaries-edit-id"
    EDIT_SAVE = "admin-dictionaries-edit-save"
    EDIT_CANCEL = "admin-dictionaries-edit-cancel"
    MESSAGE = "admin-dictionaries-message"
    REFRESH = "admin-dictionaries-refresh"
    ADD_FIELDS = ("label_zh", "label_en", "code")
    EDIT_FIELDS = ("label_zh", "label_en")

    @staticmethod
    def add_field(name: str) -> str:
        return f"admin-dictionaries-add-{name.replace('_', '-')}"

    @staticmethod
    def add_feedback(name: str) -> str:
        return f"admin-dictionaries-add-{name.replace('_', '-')}-feedback"

    @staticmethod
    def edit_field(name: str) -> str:
        return f"admin-dictionaries-edit-{name.replace('_', '-')}"

    @staticmethod
    def edit_feedback(name: str) -> str:
        return f"admin-dictionaries-edit-{name.replace('_', '-')}-feedback"


class AdminLog:
    USER = "admin-log-user"
    OBJECT_TYPE = "admin-log-object-type"
    OBJECT_ID = "admin-log-object-id"
    ACTION = "admin-log-action"
    DATE_FROM = "admin-log-date-from"
    DATE_TO = "admin-log-date-to"
    GRID = "admin-log-grid"
    PAGER = "admin-log-pager"
    TOTAL = "admin-log-total"
    PAGE_SIZE = "admin-log-page-size"
    EXPORT = "admin-log-export"
    DOWNLOAD = "admin-log-download"
    MESSAGE = "admin-log-message"
    DIFF_MODAL = "admin-log-diff-modal"
    DIFF_TITLE = "admin-log-diff-title"
    DIFF_BODY = "admin-log-diff-body"


# --- public pool and team customers --------------------------------------------


class Release:
    """The "Release to pool" button and dialog; one per page, by prefix."""

    def __init__(self, prefix: str) -> None:
        self.OPEN = f"{prefix}-release"
        self.MODAL = f"{prefix}-release-modal"
        self.REASON = f"{prefix}-release-reason"
        self.FEEDBACK = f"{prefix}-release-reason-feedback"
        self.CONFIRM = f"{prefix}-release-confirm"
        self.CANCEL = f"{prefix}-release-cancel"


class Pool:
    SEARCH = "pool-search"
    STAGE_TABS = "pool-stage-tabs"
    LEVEL = "pool-level"
    SOURCE = "pool-source"
    INDUSTRY = "pool-industry"
    PROVINCE = "pool-province"
    CITY = "pool-city"
    LAST_TEAM = "pool-last-team"
    REASON = "pool-reason"
    SORT = "pool-sort"
    DIRECTION = "pool-direction"
    PAGE_SIZE = "pool-page-size"
    GRID = "pool-grid"
    PAGER = "pool-pager"
    TOTAL = "pool-total"
    SELECTION = "pool-selection"
    CLAIM = "pool-claim"
    ASSIGN = "pool-assign"
    ASSIGN_MODAL = "pool-assign-modal"
    ASSIGN_USER = "pool-assign-user"
    ASSIGN_FEEDBACK = "pool-assign-user-feedback"
    ASSIGN_CONFIRM = "pool-assign-confirm"
    ASSIGN_CANCEL = "pool-assign-cancel"
    DELETE = "pool-delete"
    DELETE_MODAL = "pool-delete-modal"
    DELETE_CONFIRM = "pool-delete-confirm"
    DELETE_CANCEL = "pool-delete-cancel"
    MESSAGE = "pool-message"
    REFRESH = "pool-refresh"


class PoolDetail:
    CUSTOMER_ID = "pool-detail-id"
    HEADER = "pool-detail-header"
    INFO = "pool-detail-info"
    HISTORY = "pool-detail-history"
    LOG = "pool-detail-log"
    CLAIM = "pool-detail-claim"
    MESSAGE = "pool-detail-message"


class PoolRequests:
    BOX = "pool-requests-box"
    STATUS = "pool-requests-status"
    GRID = "pool-requests-grid"
    PAGER = "pool-requests-pager"
    TOTAL = "pool-requests-total"
    APPROVE = "pool-requests-approve"
    REJECT = "pool-requests-reject"
    REJECT_MODAL = "pool-requests-reject-modal"
    REJECT_REASON = "pool-requests-reject-reason"
    REJECT_FEEDBACK = "pool-requests-reject-reason-feedback"
    REJECT_CONFIRM = "pool-requests-reject-confirm"
    REJECT_CANCEL = "pool-requests-reject-cancel"
    MESSAGE = "pool-requests-message"
    REFRESH = "pool-requests-refresh"


class PoolExpiring:
    GRID = "pool-expiring-grid"


class TeamCustomers:
    SEARCH = "team-customers-search"
    STAGE_TABS = "team-customers-stage-tabs"
    OWNER = "team-customers-owner"
    LEVEL = "team-customers-level"
    SORT = "team-customers-sort"
    DIRECTION = "team-customers-direction"
    PAGE_SIZE = "team-customers-page-size"
    GRID = "team-customers-grid"
    PAGER = "team-customers-pager"
    TOTAL = "team-customers-total"
    SELECTION = "team-customers-selection"
    BULK = "team-customers-bulk"
    ASSIGN = "team-customers-assign"
    ASSIGN_MODAL = "team-customers-assign-modal"
    ASSIGN_USER = "team-customers-assign-user"
    ASSIGN_FEEDBACK = "team-customers-assign-user-feedback"
    ASSIGN_CONFIRM = "team-customers-assign-confirm"
    ASSIGN_CANCEL = "team-customers-assign-cancel"
    EXTEND = "team-customers-extend"
    EXTEND_MODAL = "team-customers-extend-modal"
    EXTEND_DAYS = "team-customers-extend-days"
    EXTEND_FEEDBACK = "team-customers-extend-days-feedback"
    EXTEND_CONFIRM = "team-customers-extend-confirm"
    EXTEND_CANCEL = "team-customers-extend-cancel"
    DELETE = "team-customers-delete"
    DELETE_MODAL = "team-customers-delete-modal"
    DELETE_CONFIRM = "team-customers-delete-confirm"
    DELETE_CANCEL = "team-customers-delete-cancel"
    MESSAGE = "team-customers-message"
    REFRESH = "team-customers-refresh"


class PoolRulesForm:
    VERSION = "pool-rules-version"
    ENABLED = "pool-rules-enabled"
    FIELDS = (
        "no_followup_days",
        "unsigned_days",
        "dormant_days",
        "warn_days",
        "max_customers_per_rep",
        "reclaim_block_days",
    )
    SAVE = "pool-rules-save"
    MESSAGE = "pool-rules-message"

    @staticmethod
    def field(name: str) -> str:
        return f"pool-rules-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"pool-rules-{name.replace('_', '-')}-feedback"


class Notifications:
    BELL = "shell-notifications"
    BADGE = "shell-notifications-badge"
    POLL = "shell-notifications-poll"
    LIST = "notifications-list"
    MARK_READ = "notifications-mark-read"
    REFRESH = "notifications-refresh"


# Deals modules (issue 4). Ids that one module's page holds and another module's
# callbacks fill are declared here first; each module appends the rest.
class OpportunityDetail:
    OPPORTUNITY_ID = "opportunity-detail-id"
    TABS = "opportunity-detail-tabs"
    REFRESH = "opportunity-detail-refresh"
    # Filled by the contracts module when the tab opens.
    CONTRACTS = "opportunity-detail-contracts"
    # The opportunities module's own ids.
    VERSION = "opportunity-detail-version"
    HEADER = "opportunity-detail-header"
    STAGE_BAR = "opportunity-detail-stage-bar"
    # Pattern id {"type": STAGE, "index": stage id}: a stage of the stage bar.
    STAGE = "opportunity-detail-stage"
    MESSAGE = "opportunity-detail-message"
    INFO = "opportunity-detail-info"
    LINES = "opportunity-detail-lines"
    CONTACTS_TAB = "opportunity-detail-contacts-tab"
    TIMELINE = "opportunity-detail-timeline"
    HISTORY = "opportunity-detail-history"
    LOG = "opportunity-detail-log"
    FOLLOWUP_CARD = "opportunity-detail-followup-card"
    EDIT = "opportunity-detail-edit"
    NEW_CONTRACT = "opportunity-detail-new-contract"
    WIN = "opportunity-detail-win"
    LOSE = "opportunity-detail-lose"
    REOPEN = "opportunity-detail-reopen"
    DELETE = "opportunity-detail-delete"
    DELETE_MODAL = "opportunity-detail-delete-modal"
    DELETE_CONFIRM = "opportunity-detail-delete-confirm"
    DELETE_CANCEL = "opportunity-detail-delete-cancel"
    CLOSE_MODAL = "opportunity-detail-close-modal"
    CLOSE_TITLE = "opportunity-detail-close-title"
    CLOSE_OUTCOME = "opportunity-detail-close-outcome"
    CLOSE_REASON = "opportunity-detail-close-reason"
    CLOSE_REASON_FEEDBACK = "opportunity-detail-close-reason-feedback"
    CLOSE_CONFIRM = "opportunity-detail-close-confirm"
    CLOSE_CANCEL = "opportunity-detail-close-cancel"
    REOPEN_MODAL = "opportunity-detail-reopen-modal"
    REOPEN_STAGE = "opportunity-detail-reopen-stage"
    REOPEN_STAGE_FEEDBACK = "opportunity-detail-reopen-stage-feedback"
    REOPEN_CONFIRM = "opportunity-detail-reopen-confirm"
    REOPEN_CANCEL = "opportunity-detail-reopen-cancel"


class ContractDetail:
    CONTRACT_ID = "contract-detail-id"
    TABS = "contract-detail-tabs"
    REFRESH = "contract-detail-refresh"
    # Filled by the payments module when the tab opens.
    PLAN = "contract-detail-plan"
    PAYMENTS = "contract-detail-payments"
    # The contracts module's own ids.
    VERSION = "contract-detail-version"
    HEADER = "contract-detail-header"
    MESSAGE = "contract-detail-message"
    INFO = "contract-detail-info"
    LINES = "contract-detail-lines"
    TIMELINE = "contract-detail-timeline"
    LOG = "contract-detail-log"
    FOLLOWUP_CARD = "contract-detail-followup-card"
    EDIT = "contract-detail-edit"
    VOID = "contract-detail-void"
    DELETE = "contract-detail-delete"
    RECORD_PAYMENT = "contract-detail-record-payment"
    DELETE_MODAL = "contract-detail-delete-modal"
    DELETE_CONFIRM = "contract-detail-delete-confirm"
    DELETE_CANCEL = "contract-detail-delete-cancel"
    VOID_MODAL = "contract-detail-void-modal"
    VOID_REASON = "contract-detail-void-reason"
    VOID_REASON_FEEDBACK = "contract-detail-void-reason-feedback"
    VOID_CONFIRM = "contract-detail-void-confirm"
    VOID_CANCEL = "contract-detail-void-cancel"


class ApprovalPanel:
    # Pattern id {"type": CHANGED, "index": object_type}: a counter the approval
    # panel bumps after every action, so the host page can reload its header.
    CHANGED = "approval-changed"


class LineItems:
    # Pattern ids {"type": X, "index": prefix}: several editors may share a page.
    PICKER = "line-items-picker"
    ADD = "line-items-add"
    GRID = "line-items-grid"
    TOTAL = "line-items-total"
    MESSAGE = "line-items-message"


class Todo:
    REFRESH = "todo-refresh"
    COUNTS = "todo-counts"
    MESSAGE = "todo-message"
    APPROVALS = "todo-approvals"
    APPROVALS_TYPE = "todo-approvals-type"
    # {"<request id>:<step position>": title} of the rows shown, for the dialog.
    APPROVALS_TITLES = "todo-approvals-titles"
    APPROVALS_PAGER = "todo-approvals-pager"
    APPROVALS_TOTAL = "todo-approvals-total"
    SUBMISSIONS = "todo-submissions"
    SUBMISSIONS_PAGER = "todo-submissions-pager"
    SUBMISSIONS_TOTAL = "todo-submissions-total"
    FOLLOWUPS = "todo-followups"
    FOLLOWUPS_DUE = "todo-followups-due"
    FOLLOWUPS_PAGER = "todo-followups-pager"
    FOLLOWUPS_TOTAL = "todo-followups-total"
    CONTRACTS = "todo-contracts"
    CONTRACTS_PAGER = "todo-contracts-pager"
    CONTRACTS_TOTAL = "todo-contracts-total"
    INSTALLMENTS = "todo-installments"
    INSTALLMENTS_DUE = "todo-installments-due"
    INSTALLMENTS_PAGER = "todo-installments-pager"
    INSTALLMENTS_TOTAL = "todo-installments-total"
    # Pattern ids {"type": X, "index": "<request id>:<step position>"}.
    APPROVE = "todo-approve"
    REJECT = "todo-reject"
    # The decision dialog: approve (optional comment) or reject (reason required).
    DECIDE_MODAL = "todo-decide-modal"
    DECIDE_TITLE = "todo-decide-title"
    DECIDE_TARGET = "todo-decide-target"
    DECIDE_LABEL = "todo-decide-label"
    DECIDE_TEXT = "todo-decide-text"
    DECIDE_FEEDBACK = "todo-decide-text-feedback"
    DECIDE_CONFIRM = "todo-decide-confirm"
    DECIDE_CANCEL = "todo-decide-cancel"
    # The home page's to-do card.
    HOME_CARD = "home-todo"


class CustomersFollowUpDue:
    """The customers list's "next follow-up due" filter (?followup=today|overdue)."""

    SELECT = "customers-followup-due"


class Products:
    SEARCH = "products-search"
    CATEGORY = "products-category"
    ON_SALE = "products-on-sale"
    PRICE_MIN = "products-price-min"
    PRICE_MAX = "products-price-max"
    SORT = "products-sort"
    DIRECTION = "products-direction"
    PAGE_SIZE = "products-page-size"
    GRID = "products-grid"
    PAGER = "products-pager"
    TOTAL = "products-total"
    SELECTION = "products-selection"
    PUT_ON_SALE = "products-put-on-sale"
    TAKE_OFF_SALE = "products-take-off-sale"
    MESSAGE = "products-message"
    REFRESH = "products-refresh"
    NEW = "products-new"


class ProductForm:
    """Create and edit share one form; PRODUCT_ID/VERSION are empty on create.
    Attribute inputs are pattern ids {"type": ATTR / ATTR_MULTI, "index": attr id}
    rendered for the chosen category."""

    PRODUCT_ID = "product-form-id"
    VERSION = "product-form-version"
    VALUES = "product-form-attribute-values"
    FIELDS = ("name", "code", "category_id", "unit", "price", "description")
    ON_SALE = "product-form-on-sale"
    ATTRIBUTES = "product-form-attributes"
    ATTR = "product-form-attr"
    ATTR_MULTI = "product-form-attr-multi"
    ATTR_FEEDBACK = "product-form-attr-feedback"
    SAVE = "product-form-save"
    MESSAGE = "product-form-message"

    @staticmethod
    def field(name: str) -> str:
        return f"product-form-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"product-form-{name.replace('_', '-')}-feedback"


class ProductDetail:
    PRODUCT_ID = "product-detail-id"
    REFRESH = "product-detail-refresh"
    HEADER = "product-detail-header"
    INFO = "product-detail-info"
    MESSAGE = "product-detail-message"
    EDIT = "product-detail-edit"
    PUT_ON_SALE = "product-detail-put-on-sale"
    TAKE_OFF_SALE = "product-detail-take-off-sale"
    DELETE = "product-detail-delete"
    DELETE_MODAL = "product-detail-delete-modal"
    DELETE_CONFIRM = "product-detail-delete-confirm"
    DELETE_CANCEL = "product-detail-delete-cancel"


class AdminProductCategories:
    REFRESH = "product-categories-refresh"
    CATEGORY_ID = "product-categories-id"
    TREE = "product-categories-tree"
    NODE = "product-categories-node"
    NEW = "product-categories-new"
    TITLE = "product-categories-title"
    FIELDS = ("name", "parent_id", "sort_order")
    SAVE = "product-categories-save"
    DELETE = "product-categories-delete"
    MESSAGE = "product-categories-message"
    ATTRIBUTES = "product-categories-attributes"
    ATTR_ROW = "product-categories-attr-row"
    ATTR_NEW = "product-categories-attr-new"
    ATTR_MODAL = "product-categories-attr-modal"
    ATTR_TITLE = "product-categories-attr-title"
    ATTR_ID = "product-categories-attr-id"
    ATTR_FIELDS = ("attr_name", "attribute_type", "options", "attr_sort_order")
    ATTR_REQUIRED = "product-categories-attr-required"
    ATTR_SAVE = "product-categories-attr-save"
    ATTR_DELETE = "product-categories-attr-delete"
    ATTR_CANCEL = "product-categories-attr-cancel"
    ATTR_MESSAGE = "product-categories-attr-message"

    @staticmethod
    def field(name: str) -> str:
        return f"product-categories-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"product-categories-{name.replace('_', '-')}-feedback"


class AdminAppearance:
    # In the shell around every page (filled by the appearance callbacks).
    BRAND = "shell-brand"
    THEME = "shell-theme"
    # /admin/appearance: company name and theme colour.
    VERSION = "appearance-version"
    COMPANY_NAME = "appearance-company-name"
    COMPANY_NAME_FEEDBACK = "appearance-company-name-feedback"
    PALETTE = "appearance-palette"
    COLOR = "appearance-color"
    COLOR_FEEDBACK = "appearance-color-feedback"
    PREVIEW = "appearance-preview"
    SAVE = "appearance-save"
    MESSAGE = "appearance-message"
    # Logo.
    LOGO_UPLOAD = "appearance-logo-upload"
    LOGO_PREVIEW = "appearance-logo-preview"
    LOGO_FEEDBACK = "appearance-logo-feedback"
    LOGO_REMOVE = "appearance-logo-remove"
    LOGO_MESSAGE = "appearance-logo-message"
    # Pinned navigation per role.
    PIN_ROLE = "appearance-pin-role"
    PIN_ITEMS = "appearance-pin-items"
    PIN_COUNT = "appearance-pin-count"
    PIN_FEEDBACK = "appearance-pin-feedback"
    PIN_LOADED = "appearance-pin-loaded"
    PIN_SAVE = "appearance-pin-save"
    PIN_MESSAGE = "appearance-pin-message"


class Payments:
    SEARCH = "payments-search"
    STATUS_TABS = "payments-status-tabs"
    METHOD = "payments-method"
    OWNER = "payments-owner"
    PAID_FROM = "payments-paid-from"
    PAID_TO = "payments-paid-to"
    AMOUNT_MIN = "payments-amount-min"
    AMOUNT_MAX = "payments-amount-max"
    SORT = "payments-sort"
    DIRECTION = "payments-direction"
    PAGE_SIZE = "payments-page-size"
    GRID = "payments-grid"
    PAGER = "payments-pager"
    TOTAL = "payments-total"
    MESSAGE = "payments-message"


class PaymentForm:
    """Create and edit share one form; PAYMENT_ID/VERSION are empty on create."""

    PAYMENT_ID = "payment-form-id"
    VERSION = "payment-form-version"
    FIELDS = (
        "customer_id",
        "contract_id",
        "installment_id",
        "amount",
        "paid_on",
        "method",
        "remark",
    )
    RECEIVABLE = "payment-form-receivable"
    WARNING = "payment-form-warning"
    SAVE = "payment-form-save"
    MESSAGE = "payment-form-message"

    @staticmethod
    def field(name: str) -> str:
        return f"payment-form-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"payment-form-{name.replace('_', '-')}-feedback"


class PaymentDetail:
    PAYMENT_ID = "payment-detail-id"
    VERSION = "payment-detail-version"
    HEADER = "payment-detail-header"
    TABS = "payment-detail-tabs"
    INFO = "payment-detail-info"
    LOG = "payment-detail-log"
    EDIT = "payment-detail-edit"
    VOID = "payment-detail-void"
    VOID_MODAL = "payment-detail-void-modal"
    VOID_CONFIRM = "payment-detail-void-confirm"
    VOID_CANCEL = "payment-detail-void-cancel"
    MESSAGE = "payment-detail-message"
    REFRESH = "payment-detail-refresh"


class PaymentInstallments:
    DUE_TABS = "payment-installments-due"
    GRID = "payment-installments-grid"
    PAGER = "payment-installments-pager"
    TOTAL = "payment-installments-total"


class PaymentPlan:
    """The plan editor on the contract detail page's "plan" tab."""

    BODY = "payment-plan-body"
    MESSAGE = "payment-plan-message"
    ADD = "payment-plan-add"
    # Pattern ids {"type": EDIT / DELETE, "index": installment id}.
    EDIT = "payment-plan-edit"
    DELETE = "payment-plan-delete"
    MODAL = "payment-plan-modal"
    MODAL_TITLE = "payment-plan-modal-title"
    INSTALLMENT_ID = "payment-plan-installment-id"
    VERSION = "payment-plan-version"
    FIELDS = ("due_date", "amount", "remark")
    SAVE = "payment-plan-save"
    CANCEL = "payment-plan-cancel"
    DELETE_MODAL = "payment-plan-delete-modal"
    DELETE_TARGET = "payment-plan-delete-target"
    DELETE_CONFIRM = "payment-plan-delete-confirm"
    DELETE_CANCEL = "payment-plan-delete-cancel"

    @staticmethod
    def field(name: str) -> str:
        return f"payment-plan-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"payment-plan-{name.replace('_', '-')}-feedback"


class Targets:
    YEAR = "targets-year"
    METRIC = "targets-metric"
    TEAM = "targets-team"
    GRID = "targets-grid"
    SAVE = "targets-save"
    COPY = "targets-copy"
    YEARLY = "targets-yearly"
    DISTRIBUTE = "targets-distribute"
    MESSAGE = "targets-message"
    REFRESH = "targets-refresh"


class Opportunities:
    SEARCH = "opportunities-search"
    STAGE_TABS = "opportunities-stage-tabs"
    STATUS = "opportunities-status"
    OWNER = "opportunities-owner"
    AMOUNT_MIN = "opportunities-amount-min"
    AMOUNT_MAX = "opportunities-amount-max"
    CLOSE_FROM = "opportunities-close-from"
    CLOSE_TO = "opportunities-close-to"
    SORT = "opportunities-sort"
    DIRECTION = "opportunities-direction"
    PAGE_SIZE = "opportunities-page-size"
    GRID = "opportunities-grid"
    PAGER = "opportunities-pager"
    TOTAL = "opportunities-total"
    NEW = "opportunities-new"


class OpportunityForm:
    """Create and edit share one form; OPPORTUNITY_ID/VERSION are empty on create."""

    OPPORTUNITY_ID = "opportunity-form-id"
    VERSION = "opportunity-form-version"
    FIELDS = (
        "customer_id",
        "name",
        "amount",
        "expected_close_date",
        "stage_id",
        "owner_id",
        "contact_ids",
        "remark",
    )
    # The product line editor's prefix (dashboard.components.line_items).
    LINES_PREFIX = "opportunity"
    SAVE = "opportunity-form-save"
    MESSAGE = "opportunity-form-message"

    @staticmethod
    def field(name: str) -> str:
        return f"opportunity-form-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"opportunity-form-{name.replace('_', '-')}-feedback"


class OpportunityFollowUpForm:
    TYPE = "opportunity-followup-type"
    CONTACT = "opportunity-followup-contact"
    CONTENT = "opportunity-followup-content"
    OCCURRED = "opportunity-followup-occurred"
    NEXT = "opportunity-followup-next"
    SAVE = "opportunity-followup-save"
    MESSAGE = "opportunity-followup-message"

    @staticmethod
    def feedback(name: str) -> str:
        return f"opportunity-followup-{name.replace('_', '-')}-feedback"


class CustomerOpportunities:
    """The opportunities tab of the customer detail page."""

    TABLE = "customer-opportunities-table"
    NEW = "customer-opportunities-new"


class OpportunityStages:
    """Administration · opportunity stages."""

    GRID = "opportunity-stages-grid"
    ADD = "opportunity-stages-add"
    UP = "opportunity-stages-up"
    DOWN = "opportunity-stages-down"
    EDIT = "opportunity-stages-edit"
    TOGGLE = "opportunity-stages-toggle"
    DELETE = "opportunity-stages-delete"
    DELETE_MODAL = "opportunity-stages-delete-modal"
    DELETE_CONFIRM = "opportunity-stages-delete-confirm"
    DELETE_CANCEL = "opportunity-stages-delete-cancel"
    MODAL = "opportunity-stages-modal"
    MODAL_TITLE = "opportunity-stages-modal-title"
    STAGE_ID = "opportunity-stages-stage-id"
    FIELDS = ("name_zh", "name_en", "probability", "outcome", "code")
    SAVE = "opportunity-stages-save"
    CANCEL = "opportunity-stages-cancel"
    MESSAGE = "opportunity-stages-message"
    REFRESH = "opportunity-stages-refresh"

    @staticmethod
    def field(name: str) -> str:
        return f"opportunity-stages-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"opportunity-stages-{name.replace('_', '-')}-feedback"


class Contracts:
    SEARCH = "contracts-search"
    STATUS_TABS = "contracts-status-tabs"
    OWNER = "contracts-owner"
    SIGN_FROM = "contracts-sign-from"
    SIGN_TO = "contracts-sign-to"
    AMOUNT_MIN = "contracts-amount-min"
    AMOUNT_MAX = "contracts-amount-max"
    ENDING = "contracts-ending"
    SORT = "contracts-sort"
    DIRECTION = "contracts-direction"
    PAGE_SIZE = "contracts-page-size"
    RESET = "contracts-reset"
    GRID = "contracts-grid"
    PAGER = "contracts-pager"
    TOTAL = "contracts-total"
    SUMMARY = "contracts-summary"
    MESSAGE = "contracts-message"
    NEW = "contracts-new"


class ContractForm:
    """Create and edit share one form; CONTRACT_ID/VERSION are empty on create."""

    CONTRACT_ID = "contract-form-id"
    VERSION = "contract-form-version"
    FIELDS = (
        "customer_id",
        "opportunity_id",
        "number",
        "name",
        "amount",
        "sign_date",
        "start_date",
        "end_date",
        "customer_signer_id",
        "our_signer_id",
        "owner_id",
        "remark",
    )
    # The product line editor's prefix (dashboard.components.line_items).
    LINES_PREFIX = "contract"
    LINES_FEEDBACK = "contract-form-lines-feedback"
    SAVE = "contract-form-save"
    MESSAGE = "contract-form-message"

    @staticmethod
    def field(name: str) -> str:
        return f"contract-form-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"contract-form-{name.replace('_', '-')}-feedback"


class ContractFollowUpForm:
    TYPE = "contract-followup-type"
    CONTACT = "contract-followup-contact"
    CONTENT = "contract-followup-content"
    OCCURRED = "contract-followup-occurred"
    NEXT = "contract-followup-next"
    SAVE = "contract-followup-save"
    MESSAGE = "contract-followup-message"

    @staticmethod
    def feedback(name: str) -> str:
        return f"contract-followup-{name.replace('_', '-')}-feedback"


class ContractTabs:
    """The contracts tab of the customer and opportunity detail pages."""

    CUSTOMER_NEW = "customer-contracts-new"
    OPPORTUNITY_NEW = "opportunity-contracts-new"


class AdminNumbering:
    MESSAGE = "admin-numbering-message"
    SAVE = "admin-numbering-save"
    DATE = "admin-numbering-date"
    DATE_FEEDBACK = "admin-numbering-date-feedback"

    @staticmethod
    def pattern(object_type: str) -> str:
        return f"admin-numbering-{object_type}"

    @staticmethod
    def feedback(object_type: str) -> str:
        return f"admin-numbering-{object_type}-feedback"

    @staticmethod
    def preview(object_type: str) -> str:
        return f"admin-numbering-{object_type}-preview"


class ApprovalPanelParts:
    """The rest of the approval panel; pattern ids {"type": X, "index": object_type}."""

    OBJECT_ID = "approval-object-id"
    LOADED = "approval-loaded"  # {"request_id", "position"} as last rendered
    BODY = "approval-body"
    MESSAGE = "approval-message"
    ACTIONS = "approval-actions"
    PICKER_BOX = "approval-picker-box"
    PICKER_LABEL = "approval-picker-label"
    PICKER = "approval-picker"
    PICKER_FEEDBACK = "approval-picker-feedback"
    COMMENT_BOX = "approval-comment-box"
    COMMENT = "approval-comment"
    COMMENT_FEEDBACK = "approval-comment-feedback"
    SUBMIT = "approval-submit"
    APPROVE = "approval-approve"
    REJECT = "approval-reject"
    WITHDRAW = "approval-withdraw"
    REJECT_MODAL = "approval-reject-modal"
    REASON = "approval-reason"
    REASON_FEEDBACK = "approval-reason-feedback"
    REJECT_CONFIRM = "approval-reject-confirm"
    REJECT_CANCEL = "approval-reject-cancel"


class AdminApprovalFlows:
    TYPE_TABS = "approval-flows-type"
    LIST = "approval-flows-list"
    NEW = "approval-flows-new"
    MESSAGE = "approval-flows-message"
    REFRESH = "approval-flows-refresh"
    # Pattern ids {"type": X, "index": flow id} on each listed flow.
    ROW_EDIT = "approval-flows-row-edit"
    ROW_TOGGLE = "approval-flows-row-toggle"
    # The create/edit dialog.
    MODAL = "approval-flows-modal"
    MODAL_TITLE = "approval-flows-modal-title"
    FLOW_ID = "approval-flows-flow-id"
    VERSION = "approval-flows-version"
    NAME = "approval-flows-name"
    MODE = "approval-flows-mode"
    MIN_AMOUNT = "approval-flows-min-amount"
    SELF_APPROVAL = "approval-flows-self-approval"
    STEPS = "approval-flows-steps"
    STEPS_BOX = "approval-flows-steps-box"
    ADD_STEP = "approval-flows-add-step"
    SAVE = "approval-flows-save"
    CANCEL = "approval-flows-cancel"
    FIELDS = ("name", "mode", "min_amount", "steps")
    # Pattern ids {"type": X, "index": row number} inside the steps editor.
    STEP_KIND = "approval-flows-step-kind"
    STEP_USER = "approval-flows-step-user"
    STEP_ROLE = "approval-flows-step-role"
    STEP_MODE = "approval-flows-step-mode"
    STEP_UP = "approval-flows-step-up"
    STEP_DOWN = "approval-flows-step-down"
    STEP_REMOVE = "approval-flows-step-remove"
    STEP_FEEDBACK = "approval-flows-step-feedback"

    @staticmethod
    def feedback(name: str) -> str:
        return f"approval-flows-{name.replace('_', '-')}-feedback"


class ReportPage:
    """One analytics page built from a Report: every id carries the report's key
    (`ReportPage("funnel").PERIOD` is "report-funnel-period")."""

    def __init__(self, key: str) -> None:
        self.key = key
        prefix = f"report-{key}"
        self.PERIOD = f"{prefix}-period"
        self.START = f"{prefix}-start"
        self.END = f"{prefix}-end"
        self.RANGE_BOX = f"{prefix}-range-box"
        self.TEAM = f"{prefix}-team"
        self.MEMBER = f"{prefix}-member"
        self.MESSAGE = f"{prefix}-message"
        self.SUMMARY = f"{prefix}-summary"
        self.URL_SYNC = f"{prefix}-url-sync"
        self.URL_KEYS = f"{prefix}-url-keys"
        self.PDF = f"{prefix}-pdf"
        self.DOWNLOAD = f"{prefix}-download"
        self.DRILL = f"{prefix}-drill"
        self.DRILL_TITLE = f"{prefix}-drill-title"
        self.DRILL_SUMMARY = f"{prefix}-drill-summary"
        self.DRILL_GRID = f"{prefix}-drill-grid"
        self.DRILL_PAGER = f"{prefix}-drill-pager"
        self.DRILL_TOTAL = f"{prefix}-drill-total"
        self.DRILL_TARGET = f"{prefix}-drill-target"

    def option(self, option_key: str) -> str:
        return f"report-{self.key}-option-{option_key}"

    def graph(self, section: str) -> str:
        return f"report-{self.key}-{section}-graph"

    def grid(self, section: str) -> str:
        return f"report-{self.key}-{section}-grid"

    def export_menu(self, section: str) -> str:
        return f"report-{self.key}-{section}-export"

    def export(self, section: str, fmt: str) -> str:
        """fmt: png | svg (the chart) or xlsx | csv (its numbers)."""
        return f"report-{self.key}-{section}-export-{fmt}"


# Messaging (issue 6): templates, SMTP/SMS settings and the send dialog.
class AdminTemplates:
    LIST = "admin-templates-list"
    ROW = "admin-templates-row"  # pattern id type: {"type": ROW, "index": template id}
    NEW = "admin-templates-new"
    TEMPLATE_ID = "admin-templates-template-id"
    VERSION = "admin-templates-version"
    TITLE = "admin-templates-title"
    FIELDS = ("name", "channel", "subject", "body")
    SUBJECT_ROW = "admin-templates-subject-row"
    STATUS = "admin-templates-status"
    TOGGLE = "admin-templates-toggle"
    SAVE = "admin-templates-save"
    MESSAGE = "admin-templates-message"
    REFRESH = "admin-templates-refresh"
    PREVIEW_CUSTOMER = "admin-templates-preview-customer"
    PREVIEW_CONTACT = "admin-templates-preview-contact"
    PREVIEW = "admin-templates-preview"

    @staticmethod
    def field(name: str) -> str:
        return f"admin-templates-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"admin-templates-{name.replace('_', '-')}-feedback"


class AdminMessaging:
    VERSION = "admin-messaging-version"
    FIELDS = (
        "smtp_host",
        "smtp_port",
        "smtp_security",
        "smtp_username",
        "smtp_password",
        "from_address",
        "from_name",
        "sms_provider",
        "sms_webhook_url",
        "sms_webhook_secret",
        "sms_timeout_seconds",
    )
    PASSWORD_STATE = "admin-messaging-password-state"
    SECRET_STATE = "admin-messaging-secret-state"
    WEBHOOK_ROW = "admin-messaging-webhook-row"
    SAVE = "admin-messaging-save"
    MESSAGE = "admin-messaging-message"
    TEST_TO = "admin-messaging-test-to"
    TEST_TO_FEEDBACK = "admin-messaging-test-to-feedback"
    TEST_SEND = "admin-messaging-test-send"
    TEST_RESULT = "admin-messaging-test-result"

    @staticmethod
    def field(name: str) -> str:
        return f"admin-messaging-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"admin-messaging-{name.replace('_', '-')}-feedback"


class SendMessage:
    """The "Send email" / "Send SMS" buttons and dialog of one detail page: every
    id carries the record kind (`SendMessage("customer").MODAL`)."""

    FIELDS = ("template_id", "contact_id", "recipient", "subject", "body")

    def __init__(self, kind: str) -> None:
        prefix = f"{kind}-send-message"
        self.kind = kind
        self.prefix = prefix
        self.RECORD_ID = f"{prefix}-record-id"
        self.OPEN_EMAIL = f"{prefix}-open-email"
        self.OPEN_SMS = f"{prefix}-open-sms"
        self.MODAL = f"{prefix}-modal"
        self.TITLE = f"{prefix}-title"
        self.CHANNEL = f"{prefix}-channel"
        self.ADDRESSES = f"{prefix}-addresses"
        self.NOTICE = f"{prefix}-notice"
        self.CONTACT_ROW = f"{prefix}-contact-row"
        self.SUBJECT_ROW = f"{prefix}-subject-row"
        self.VARIABLES = f"{prefix}-variables"
        self.PREVIEW = f"{prefix}-preview"
        self.MESSAGE = f"{prefix}-message"
        self.SEND = f"{prefix}-send"
        self.CANCEL = f"{prefix}-cancel"

    def field(self, name: str) -> str:
        return f"{self.prefix}-{name.replace('_', '-')}"

    def feedback(self, name: str) -> str:
        return f"{self.prefix}-{name.replace('_', '-')}-feedback"


class CustomFields:
    """Custom fields on the entity pages (customer, contact, lead, opportunity).
    Pattern ids carry the entity and the field id:
    {"type": INPUT, "entity": "customer", "field": 12}; a list filter's also
    carry the part it sets ("text", "low", "high" or "choices")."""

    INPUT = "cf-input"
    FEEDBACK = "cf-feedback"
    FILTER = "cf-filter"

    @staticmethod
    def input(entity: str, field_id: int) -> dict:
        return {"type": CustomFields.INPUT, "entity": entity, "field": field_id}

    @staticmethod
    def feedback(entity: str, field_id: int) -> dict:
        return {"type": CustomFields.FEEDBACK, "entity": entity, "field": field_id}

    @staticmethod
    def filter(entity: str, field_id: int, part: str) -> dict:
        return {
            "type": CustomFields.FILTER,
            "entity": entity,
            "field": field_id,
            "part": part,
        }

    @staticmethod
    def detail(entity: str) -> str:
        """The detail page's "More fields" block."""
        return f"cf-detail-{entity}"

    @staticmethod
    def columns(entity: str) -> str:
        """The list page's chooser of custom-field columns."""
        return f"cf-columns-{entity}"

    @staticmethod
    def filters(entity: str) -> str:
        """The list page's store of custom-field filters (the list reads it)."""
        return f"cf-filters-{entity}"

    @staticmethod
    def filters_toggle(entity: str) -> str:
        return f"cf-filters-toggle-{entity}"

    @staticmethod
    def filters_collapse(entity: str) -> str:
        return f"cf-filters-collapse-{entity}"


class AdminCustomFields:
    """Administration · custom fields (one tab per entity)."""

    ENTITY = "admin-custom-fields-entity"
    GRID = "admin-custom-fields-grid"
    ADD = "admin-custom-fields-add"
    UP = "admin-custom-fields-up"
    DOWN = "admin-custom-fields-down"
    EDIT = "admin-custom-fields-edit"
    TOGGLE = "admin-custom-fields-toggle"
    DELETE = "admin-custom-fields-delete"
    DELETE_MODAL = "admin-custom-fields-delete-modal"
    DELETE_CONFIRM = "admin-custom-fields-delete-confirm"
    DELETE_CANCEL = "admin-custom-fields-delete-cancel"
    MODAL = "admin-custom-fields-modal"
    MODAL_TITLE = "admin-custom-fields-modal-title"
    FIELD_ID = "admin-custom-fields-field-id"
    FIELDS = ("label_zh", "label_en", "field_type", "options", "code")
    REQUIRED = "admin-custom-fields-required"
    SAVE = "admin-custom-fields-save"
    CANCEL = "admin-custom-fields-cancel"
    MESSAGE = "admin-custom-fields-message"
    REFRESH = "admin-custom-fields-refresh"

    @staticmethod
    def field(name: str) -> str:
        return f"admin-custom-fields-{name.replace('_', '-')}"

    @staticmethod
    def feedback(name: str) -> str:
        return f"admin-custom-fields-{name.replace('_', '-')}-feedback"
