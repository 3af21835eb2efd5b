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


class ContractDetail:
    CONTRACT_ID = "contract-detail-id"
    TABS = "contract-detail-tabs"
    REFRESH = "contract-detail-refresh"
    # Filled by the payments module when the tab opens.
    PLAN = "contract-detail-plan"
    PAYMENTS = "contract-detail-payments"


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
