"""Import wizard callbacks, wired once per entity (customers, leads): parse the
upload once (kept server-side by a token), suggest a mapping, check, import,
download the problem report."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

import dash_bootstrap_components as dbc
import flask
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from dashboard.components.feedback import alert, error_alert, toast
from dashboard.context import current_actor, read_session, unit_of_work
from dashboard.i18n import _, catalog, current_language
from dashboard.ids import CustomerImport, ImportWizard, LeadImport
from dashboard.parsing import NO_CHOICE, require_click
from services.errors import ServiceError
from services.import_files import (
    MAX_FILE_BYTES,
    ImportFileError,
    Table,
    discard_table,
    load_table,
    read_table,
    save_table,
)
from services.import_report import field_label, message_text, write_error_report
from services.import_rows import FieldMap
from services.imports import (
    CUSTOMER_SPEC,
    DUPLICATE_MODES,
    ImportRejected,
    ImportReport,
    ImportSpec,
    check_import,
    commit_import,
    import_fields,
    preview,
    suggest_mapping,
)
from services.lead_imports import LEAD_IMPORT_SPEC
from services.msgid import N_

SHOWN_PROBLEMS = 200
PREVIEW_ROWS = 10


def _zh(msgid: str) -> str:
    return catalog("zh_CN").get(msgid, msgid)


# Headers are matched in both languages whatever the user's own language is.
HEADER_LANGUAGES = (str, _zh)


def _options() -> dict:
    return {
        "translations": HEADER_LANGUAGES,
        "timezone": flask.current_app.config["PELAGO_TIMEZONE"],
    }


def _decode_upload(contents: str) -> bytes:
    """dcc.Upload's data URL → bytes. Raises ImportFileError."""
    try:
        encoded = contents.split(",", 1)[1]
    except (AttributeError, IndexError) as error:
        raise ImportFileError(N_("The file is empty.")) from error
    # Refuse before decoding: base64 is 4/3 of the file.
    if len(encoded) > (MAX_FILE_BYTES // 3 + 1) * 4:
        raise ImportFileError(
            N_("The file is larger than {limit} MB."), limit=MAX_FILE_BYTES // 2**20
        )
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ImportFileError(N_("This is not a valid .xlsx file.")) from error


class Wizard:
    """The callbacks of one entity's wizard (`ids`) importing through `spec`."""

    def __init__(
        self, ids: ImportWizard, spec: ImportSpec, list_href: str, done_label: str
    ) -> None:
        self.ids = ids
        self.spec = spec
        self.list_href = list_href
        self.done_label = done_label  # msgid

    def _fields(self) -> FieldMap:
        """The columns a file may map: the spec's and its active custom fields."""
        with read_session() as session:
            return import_fields(session, self.spec, current_language())

    def _mapping_table(self, table: Table, mapping: list[str | None]) -> html.Div:
        options = [{"label": _("(ignore this column)"), "value": NO_CHOICE}] + [
            {"label": _(msgid), "value": name}
            for name, (msgid, _aliases) in self._fields().items()
        ]
        sample = table.rows[0][1] if table.rows else []
        rows = [
            html.Tr(
                [
                    html.Td(header or "—", className="import-header"),
                    html.Td(
                        (sample[index] if index < len(sample) else None) or "",
                        className="text-muted small",
                    ),
                    html.Td(
                        dbc.Select(
                            id={"type": self.ids.MAP, "index": index},
                            options=options,
                            value=mapping[index] or NO_CHOICE,
                            size="sm",
                        )
                    ),
                ]
            )
            for index, header in enumerate(table.headers)
        ]
        head = html.Thead(
            html.Tr(
                [
                    html.Th(_("Column in the file")),
                    html.Th(_("First row")),
                    html.Th(_("Field")),
                ]
            )
        )
        return dbc.Table(
            [head, html.Tbody(rows)], size="sm", className="import-mapping"
        )

    def upload_file(self, contents, filename):
        """Parse once, keep the table server-side; show the suggested mapping."""
        if not contents:
            return (no_update,) * 6
        actor = current_actor()
        try:
            table = read_table(filename or "", _decode_upload(contents))
            token = save_table(actor.user_id, table)
        except ImportFileError as error:
            return None, None, None, True, True, error_alert(error)
        info = _(
            "{filename}: {rows} rows, {columns} columns",
            filename=table.filename,
            rows=f"{len(table.rows):,}",
            columns=len(table.headers),
        )
        mapping = suggest_mapping(
            table.headers, HEADER_LANGUAGES, self.spec, self._fields()
        )
        return (
            token,
            html.Span(info, id=self.ids.FILE_SUMMARY),
            self._mapping_table(table, mapping),
            False,
            True,
            None,
        )

    def _mapping(self, values) -> list[str | None]:
        """The browser's choices; anything that is not a field counts as ignored."""
        fields = self._fields()
        return [v if v in fields else None for v in values or []]

    def _report_view(self, report: ImportReport) -> html.Div:
        summary = _(
            "{total} rows: {create} to create, {update} to update, {skip} to skip, "
            "{problems} problems.",
            total=f"{report.total:,}",
            create=f"{len(report.to_create):,}",
            update=f"{len(report.to_update):,}",
            skip=f"{len(report.skipped):,}",
            problems=f"{len(report.errors):,}",
        )
        children = [
            dbc.Alert(
                summary,
                color="danger" if report.errors else "success",
                id=self.ids.SUMMARY,
            )
        ]
        if report.errors:
            fields = self._fields()
            rows = [
                html.Tr(
                    [
                        html.Td(e.row),
                        html.Td(field_label(e.field, _, fields)),
                        html.Td(e.value or ""),
                        html.Td(message_text(e, _)),
                    ]
                )
                for e in report.errors[:SHOWN_PROBLEMS]
            ]
            head = html.Thead(
                html.Tr(
                    [
                        html.Th(_("Row")),
                        html.Th(_("Field")),
                        html.Th(_("Value")),
                        html.Th(_("Problem")),
                    ]
                )
            )
            children += [
                dbc.Table(
                    [head, html.Tbody(rows)],
                    size="sm",
                    striped=True,
                    id=self.ids.PROBLEMS,
                ),
                html.Div(
                    [
                        html.Span(_("Download the report:"), className="me-2"),
                        dbc.Button(
                            "Excel (.xlsx)",
                            id=self.ids.REPORT_XLSX,
                            size="sm",
                            color="outline-secondary",
                            className="me-2",
                        ),
                        dbc.Button(
                            "CSV (.csv)",
                            id=self.ids.REPORT_CSV,
                            size="sm",
                            color="outline-secondary",
                        ),
                    ],
                    className="mb-3",
                ),
            ]
        return html.Div(children)

    def _preview_view(self, table: Table, mapping: list[str | None]) -> html.Div:
        fields = [name for name in mapping if name]
        rows = preview(table, mapping, PREVIEW_ROWS)
        known = self._fields()
        head = html.Thead(
            html.Tr(
                [html.Th(_("Row"))]
                + [html.Th(field_label(f, _, known)) for f in fields]
            )
        )
        body = html.Tbody(
            [
                html.Tr(
                    [html.Td(row["_row"])] + [html.Td(row.get(f) or "") for f in fields]
                )
                for row in rows
            ]
        )
        return html.Div(
            [
                html.H6(_("Preview of the first rows")),
                dbc.Table(
                    [head, body],
                    size="sm",
                    bordered=True,
                    responsive=True,
                    id=self.ids.PREVIEW_TABLE,
                ),
            ]
        )

    def check_file(self, n_clicks, token, values, duplicates):
        require_click(n_clicks)
        actor = current_actor()
        mapping = self._mapping(values)
        try:
            table = load_table(actor.user_id, token)
            with read_session() as session:
                report = check_import(
                    session,
                    actor,
                    table,
                    mapping,
                    duplicates=self._mode(duplicates),
                    **_options(),
                    spec=self.spec,
                )
        except ServiceError as error:
            return None, None, True, error_alert(error)
        return (
            self._report_view(report),
            self._preview_view(table, mapping),
            not report.ok,
            None,
        )

    @staticmethod
    def _mode(value) -> str:
        return value if value in DUPLICATE_MODES else "skip"

    def import_file(self, n_clicks, token, values, duplicates):
        require_click(n_clicks)
        actor = current_actor()
        mapping = self._mapping(values)
        try:
            table = load_table(actor.user_id, token)
            with unit_of_work() as session:
                result = commit_import(
                    session,
                    actor,
                    table,
                    mapping,
                    duplicates=self._mode(duplicates),
                    **_options(),
                    spec=self.spec,
                )
        except ImportRejected as rejected:
            return (
                self._report_view(rejected.report),
                True,
                error_alert(rejected),
                no_update,
            )
        except ServiceError as error:
            return no_update, no_update, error_alert(error), no_update
        discard_table(actor.user_id, token)
        message = _(
            "Imported: {created} created, {updated} updated, {skipped} skipped.",
            created=result.created,
            updated=result.updated,
            skipped=result.skipped,
        )
        done = html.Div(
            [
                toast(message),
                dbc.Button(
                    _(self.done_label),
                    href=self.list_href,
                    color="link",
                    id=self.ids.DONE,
                ),
            ]
        )
        return done, True, None, None

    @staticmethod
    def invalidate_check(_values, _duplicates):
        """A changed mapping or duplicate choice needs a new check before importing."""
        return True

    def download_report(self, xlsx_clicks, csv_clicks, token, values, duplicates):
        require_click(xlsx_clicks, csv_clicks)
        fmt = "csv" if ctx.triggered_id == self.ids.REPORT_CSV else "xlsx"
        actor = current_actor()
        try:
            table = load_table(actor.user_id, token)
            with read_session() as session:
                report = check_import(
                    session,
                    actor,
                    table,
                    self._mapping(values),
                    duplicates=self._mode(duplicates),
                    **_options(),
                    spec=self.spec,
                )
        except ServiceError as error:
            return no_update, error_alert(error)
        if report.ok:
            return no_update, alert(_("No problems left: nothing to report."), "info")
        path = write_error_report(
            report.errors, fmt=fmt, translate=_, fields=self._fields()
        )
        try:
            filename = _("Import problems") + f".{fmt}"
            return dcc.send_file(str(path), filename=filename), None
        finally:
            Path(path).unlink(missing_ok=True)

    def register(self, app: Dash) -> None:
        mapping_state = State({"type": self.ids.MAP, "index": ALL}, "value")
        app.callback(
            Output(self.ids.TOKEN, "data"),
            Output(self.ids.FILE_INFO, "children"),
            Output(self.ids.MAPPING, "children"),
            Output(self.ids.CHECK, "disabled"),
            Output(self.ids.COMMIT, "disabled"),
            Output(self.ids.MESSAGE, "children"),
            Input(self.ids.UPLOAD, "contents"),
            State(self.ids.UPLOAD, "filename"),
            prevent_initial_call=True,
        )(self.upload_file)
        app.callback(
            Output(self.ids.REPORT, "children"),
            Output(self.ids.PREVIEW, "children"),
            Output(self.ids.COMMIT, "disabled", allow_duplicate=True),
            Output(self.ids.MESSAGE, "children", allow_duplicate=True),
            Input(self.ids.CHECK, "n_clicks"),
            State(self.ids.TOKEN, "data"),
            mapping_state,
            State(self.ids.DUPLICATES, "value"),
            prevent_initial_call=True,
        )(self.check_file)
        app.callback(
            Output(self.ids.REPORT, "children", allow_duplicate=True),
            Output(self.ids.COMMIT, "disabled", allow_duplicate=True),
            Output(self.ids.MESSAGE, "children", allow_duplicate=True),
            Output(self.ids.PREVIEW, "children", allow_duplicate=True),
            Input(self.ids.COMMIT, "n_clicks"),
            State(self.ids.TOKEN, "data"),
            mapping_state,
            State(self.ids.DUPLICATES, "value"),
            prevent_initial_call=True,
        )(self.import_file)
        app.callback(
            Output(self.ids.COMMIT, "disabled", allow_duplicate=True),
            Input({"type": self.ids.MAP, "index": ALL}, "value"),
            Input(self.ids.DUPLICATES, "value"),
            prevent_initial_call=True,
        )(self.invalidate_check)
        app.callback(
            Output(self.ids.REPORT_DOWNLOAD, "data"),
            Output(self.ids.MESSAGE, "children", allow_duplicate=True),
            Input(self.ids.REPORT_XLSX, "n_clicks"),
            Input(self.ids.REPORT_CSV, "n_clicks"),
            State(self.ids.TOKEN, "data"),
            mapping_state,
            State(self.ids.DUPLICATES, "value"),
            prevent_initial_call=True,
        )(self.download_report)


WIZARDS = (
    Wizard(CustomerImport, CUSTOMER_SPEC, "/customers", N_("Go to the customer list")),
    Wizard(LeadImport, LEAD_IMPORT_SPEC, "/leads", N_("Go to the lead list")),
)


def register(app: Dash) -> None:
    for wizard in WIZARDS:
        wizard.register(app)
