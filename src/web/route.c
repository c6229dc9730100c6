/* route.c: the table of every page and API endpoint, and matching. */
#include "route.h"

#include <string.h>

#include "handlers.h"
#include "notify.h"

#define API R_API
#define PUB R_PUBLIC
#define UPL R_UPLOAD

const struct route routes[] = {
    {"GET", "/", page_home, PERM_NONE, 0, "Start page"},
    {"GET", "/login", page_login_form, PERM_NONE, PUB, "Log-in form"},
    {"POST", "/login", page_login, PERM_NONE, PUB, "Log in"},
    {"POST", "/logout", page_logout, PERM_NONE, 0, "Log out"},
    {"GET", "/account", page_account, PERM_NONE, 0, "Own account"},
    {"POST", "/account/password", page_account_password, PERM_NONE, 0,
     "Change own password"},
    {"POST", "/account/lang", page_account_lang, PERM_NONE, 0,
     "Change own language"},
    {"GET", "/admin", page_admin, PERM_NONE, 0,
     "Administration: the settings pages the user may use"},
    {"GET", "/admin/units", page_units, PERM_ADMIN, 0, "Organisation tree"},
    {"GET", "/admin/units/new", page_unit_new, PERM_ADMIN, 0, "New unit"},
    {"POST", "/admin/units", page_unit_create, PERM_ADMIN, 0, "Create unit"},
    {"GET", "/admin/units/export.csv", page_units_export, PERM_ADMIN, 0,
     "Export the org tree as CSV"},
    {"GET", "/admin/units/{id}", page_unit_edit, PERM_ADMIN, 0, "Unit"},
    {"POST", "/admin/units/{id}", page_unit_update, PERM_ADMIN, 0,
     "Update unit"},
    {"GET", "/admin/users", page_users, PERM_ADMIN, 0, "Users"},
    {"GET", "/admin/users/new", page_user_new, PERM_ADMIN, 0, "New user"},
    {"POST", "/admin/users", page_user_create, PERM_ADMIN, 0, "Create user"},
    {"GET", "/admin/users/export.csv", page_users_export, PERM_ADMIN, 0,
     "Export users as CSV"},
    {"GET", "/admin/users/{id}", page_user_edit, PERM_ADMIN, 0, "User"},
    {"POST", "/admin/users/{id}", page_user_update, PERM_ADMIN, 0,
     "Update user"},
    {"POST", "/admin/users/{id}/roles", page_role_add, PERM_ADMIN, 0,
     "Assign a role"},
    {"POST", "/admin/roles/{id}/delete", page_role_delete, PERM_ADMIN, 0,
     "Remove a role"},
    {"POST", "/admin/users/{id}/deputies", page_deputy_add, PERM_ADMIN, 0,
     "Appoint a deputy"},
    {"POST", "/admin/deputies/{id}/delete", page_deputy_delete, PERM_ADMIN, 0,
     "Remove a deputy"},
    {"GET", "/admin/import", page_import, PERM_ADMIN, 0, "CSV import"},
    {"POST", "/admin/import/units", page_import_units, PERM_ADMIN, 0,
     "Import the org tree from CSV"},
    {"POST", "/admin/import/users", page_import_users, PERM_ADMIN, 0,
     "Import users from CSV"},
    {"GET", "/admin/case-settings", page_case_settings, PERM_NONE, 0,
     "A care provider's case time limits and reminder days"},
    {"POST", "/admin/case-settings", page_case_settings_save, PERM_NONE, 0,
     "Save a care provider's case time limits and reminder days"},
    {"GET", "/admin/risk-matrix", page_risk_matrix, PERM_NONE, 0,
     "A care provider's risk matrix"},
    {"POST", "/admin/risk-matrix", page_risk_matrix_save, PERM_NONE, 0,
     "Save or reset a care provider's risk matrix"},
    {"GET", "/admin/categories", page_categories, PERM_NONE, 0,
     "A care provider's case categories"},
    {"POST", "/admin/categories", page_category_add, PERM_NONE, 0,
     "Add a case category"},
    {"POST", "/admin/categories/{id}", page_category_update, PERM_NONE, 0,
     "Rename, deactivate or reactivate a case category"},
    {"GET", "/dashboard", page_dashboard, PERM_READ, 0, "Indicator dashboard"},
    {"GET", "/report", page_report_form, PERM_REPORT, 0,
     "Report a deviation, risk, proposal or complaint"},
    {"POST", "/report", page_report, PERM_REPORT, UPL,
     "Submit a report (multipart/form-data with files, or url-encoded)"},
    {"GET", "/cases", page_cases, PERM_NONE, 0,
     "Case lists: my reports, cases I handle, my units' cases"},
    {"GET", "/cases/stats", page_cases_stats, PERM_READ, 0,
     "Case statistics of a unit subtree and period"},
    {"GET", "/cases/export.csv", page_cases_export_csv, PERM_NONE, 0,
     "A case list as CSV (no patient identities)"},
    {"GET", "/cases/export.xlsx", page_cases_export_xlsx, PERM_NONE, 0,
     "A case list as XLSX (no patient identities)"},
    {"GET", "/cases/{id}", page_case, PERM_NONE, 0, "One case"},
    {"POST", "/cases/{id}", page_case_update, PERM_HANDLE, 0,
     "Update a case's assessment and feedback. consequence and probability "
     "are levels of the care provider's risk matrix; risk_score and "
     "risk_band are kept as recorded unless they change or reassess (bool) "
     "asks for today's matrix"},
    {"POST", "/cases/{id}/step", page_case_step, PERM_HANDLE, 0,
     "Move a case to its next state"},
    {"POST", "/cases/{id}/investigation", page_case_investigation, PERM_HANDLE,
     0, "Save investigation items"},
    {"POST", "/cases/{id}/lexmaria", page_case_lexmaria, PERM_QUALITY, 0,
     "Record the Lex Maria decision of a serious case"},
    {"POST", "/cases/{id}/complaint", page_case_complaint, PERM_HANDLE, 0,
     "Record a complaint's answer clock"},
    {"POST", "/cases/{id}/patient", page_case_patient, PERM_HANDLE, 0,
     "Show the patient identity (logged)"},
    {"POST", "/cases/{id}/actions", page_case_action_add, PERM_HANDLE, 0,
     "Add an action to a case"},
    {"POST", "/cases/{id}/attachments", page_case_attach_add, PERM_NONE, UPL,
     "Attach files to a case (multipart/form-data, field files)"},
    {"GET", "/cases/{id}/attachments/{aid}", page_case_attachment, PERM_NONE, 0,
     "Download a case's attachment"},
    {"GET", "/inbox", page_inbox, PERM_NONE, 0, "Own notifications"},
    {"POST", "/inbox/{id}/read", page_inbox_read, PERM_NONE, 0,
     "Mark a notification read"},
    {"GET", "/actions", page_actions, PERM_NONE, 0,
     "Actions: mine and my units' (query: overdue)"},
    {"POST", "/actions/{id}", page_action_step, PERM_NONE, 0,
     "Change an action's state or evaluate it"},
    {"GET", "/documents", page_documents, PERM_NONE, 0,
     "Controlled documents: search and filters"},
    {"GET", "/documents/new", page_document_new, PERM_NONE, 0,
     "New controlled document"},
    {"POST", "/documents", page_document_create, PERM_NONE, UPL,
     "Create a document with its first draft"},
    {"GET", "/documents/{id}", page_document, PERM_NONE, 0,
     "One document: its approved (or archived) version"},
    {"POST", "/documents/{id}", page_document_update, PERM_NONE, 0,
     "Change a document's descriptive fields"},
    {"GET", "/documents/{id}/edit", page_document_edit, PERM_NONE, 0,
     "Edit a document and its draft"},
    {"POST", "/documents/{id}/draft", page_document_draft, PERM_NONE, UPL,
     "Save the draft or start the next version"},
    {"POST", "/documents/{id}/step", page_document_step, PERM_NONE, 0,
     "Submit, approve, return or archive a version"},
    {"POST", "/documents/{id}/processes", page_document_link, PERM_NONE, 0,
     "Link or unlink a process"},
    {"POST", "/documents/{id}/ack", page_document_ack, PERM_NONE, 0,
     "Acknowledge having read the approved version"},
    {"GET", "/documents/{id}/versions/{n}", page_document_version, PERM_NONE, 0,
     "One version of a document"},
    {"GET", "/documents/{id}/versions/{n}/file", page_document_file, PERM_NONE,
     0, "Download a version's attached file"},
    {"GET", "/history/{entity}/{id}", page_history, PERM_NONE, 0,
     "A record's history from the audit log"},
    {"GET", "/indicators", page_indicators, PERM_READ, 0,
     "Indicator catalogue"},
    {"GET", "/indicators/import", page_ind_import, PERM_READ, 0,
     "Import indicator values or catalogue entries (CSV, XLSX)"},
    {"POST", "/indicators/import", page_ind_import_run, PERM_READ, UPL,
     "Preview or run an indicator import (multipart/form-data, field file)"},
    {"GET", "/indicators/{code}", page_indicator, PERM_READ, 0,
     "One indicator for a unit subtree: chart, numbers, baselines"},
    {"POST", "/indicators/{code}/baselines", page_baseline_add, PERM_READ, 0,
     "Record a frozen baseline or a new phase"},
    {"POST", "/indicators/{code}/baselines/{id}/withdraw",
     page_baseline_withdraw, PERM_READ, 0, "Withdraw a baseline"},
    {"POST", "/indicators/{code}/annotations", page_annotation_add, PERM_READ,
     0, "Annotate a period"},
    {"GET", "/processes", page_processes, PERM_NONE, 0,
     "The process map (query: unit, process)"},
    {"GET", "/processes/inventory", page_process_inventory, PERM_NONE, 0,
     "Inventory of a unit's core processes and patient groups"},
    {"GET", "/processes/new", page_process_new, PERM_NONE, 0, "New process"},
    {"POST", "/processes", page_process_create, PERM_NONE, 0,
     "Create a process"},
    {"GET", "/processes/{id}", page_process, PERM_NONE, 0, "One process"},
    {"GET", "/processes/{id}/edit", page_process_edit, PERM_NONE, 0,
     "Edit a process"},
    {"POST", "/processes/{id}", page_process_update, PERM_NONE, 0,
     "Update a process"},
    {"POST", "/processes/{id}/inventory", page_process_mark, PERM_NONE, 0,
     "Mark a process described or not"},
    {"POST", "/processes/{id}/move", page_process_move, PERM_NONE, 0,
     "Move a process below another"},
    {"POST", "/processes/{id}/active", page_process_active, PERM_NONE, 0,
     "Deactivate or reactivate a process"},
    {"POST", "/processes/{id}/indicators", page_process_indicator, PERM_NONE, 0,
     "Link or unlink an indicator"},
    {"POST", "/processes/{id}/cases", page_process_case, PERM_NONE, 0,
     "Link or unlink a case"},
    {"GET", "/requirements", page_requirements, PERM_NONE, 0,
     "Legal-requirements register (query: unit, statute, status, never, "
     "no_process, overdue)"},
    {"POST", "/requirements", page_requirement_create, PERM_READ, 0,
     "Add a provider's own requirement"},
    {"GET", "/requirements/{id}", page_requirement, PERM_NONE, 0,
     "One requirement: links, assessments"},
    {"POST", "/requirements/{id}/assessments", page_requirement_assess,
     PERM_READ, 0, "Assess a requirement for a unit"},
    {"POST", "/requirements/{id}/links", page_requirement_link, PERM_READ, 0,
     "Link or unlink a process or document"},
    {"GET", "/responsibility", page_responsibility, PERM_READ, 0,
     "Who holds the roles of the quality work in a unit subtree, and gaps"},
    {"GET", "/status", page_status, PERM_READ, 0,
     "Status of the management system for a unit subtree"},
    {"GET", "/status/items", page_status_items, PERM_READ, 0,
     "The processes or documents behind a status figure"},
    {"GET", "/status/snapshots", page_status_snapshots, PERM_READ, 0,
     "Saved status reports"},
    {"POST", "/status/snapshots", page_status_snapshot_add, PERM_READ, 0,
     "Save the status figures as a report"},
    {"GET", "/status/snapshots/{id}", page_status_snapshot, PERM_READ, 0,
     "One saved status report"},
    {"GET", "/api/v1/openapi.json", api_openapi, PERM_NONE, API | PUB,
     "This document"},
    {"GET", "/api/v1/me", api_me, PERM_NONE, API,
     "The calling user, their roles and CSRF token"},
    {"GET", "/api/v1/org-units", api_units, PERM_NONE, API,
     "Units the caller can see"},
    {"POST", "/api/v1/org-units", api_unit_create, PERM_ADMIN, API,
     "Create a unit"},
    {"GET", "/api/v1/org-units/{id}", api_unit_get, PERM_NONE, API, "One unit"},
    {"PATCH", "/api/v1/org-units/{id}", api_unit_update, PERM_ADMIN, API,
     "Change a unit"},
    {"GET", "/api/v1/users", api_users, PERM_ADMIN, API,
     "Users in the caller's admin scope"},
    {"POST", "/api/v1/users", api_user_create, PERM_ADMIN, API,
     "Create a user"},
    {"GET", "/api/v1/users/{id}", api_user_get, PERM_ADMIN, API,
     "One user with roles"},
    {"GET", "/api/v1/indicators", api_indicators, PERM_READ, API,
     "Indicator catalogue (query: focus, group, dimension, q)"},
    {"GET", "/api/v1/indicators/{code}", api_indicator_get, PERM_READ, API,
     "One indicator"},
    {"GET", "/api/v1/indicators/{code}/values", api_indicator_values, PERM_READ,
     API, "An indicator's series for a unit subtree (query: unit)"},
    {"GET", "/api/v1/indicators/{code}/spc", api_indicator_spc, PERM_READ, API,
     "The SPC chart of that series and its verdicts (query: unit)"},
    {"GET", "/api/v1/processes", api_processes, PERM_NONE, API,
     "Processes in tree order (query: unit, process, inactive)"},
    {"POST", "/api/v1/processes", api_process_create, PERM_NONE, API,
     "Create a process"},
    {"GET", "/api/v1/processes/{id}", api_process_get, PERM_NONE, API,
     "One process with its links"},
    {"PATCH", "/api/v1/processes/{id}", api_process_update, PERM_NONE, API,
     "Change a process"},
    {"GET", "/api/v1/cases", api_cases, PERM_NONE, API,
     "Cases: view=mine|handling|units, type, state, category (a category "
     "id of the caller's care provider), q, sort=newest|risk, offset, limit. "
     "Answers items, total, total_capped, offset and limit: the count stops "
     "at a cap (10000, 1000 with q), so total_capped true means there are "
     "more than total"},
    {"POST", "/api/v1/cases", api_case_create, PERM_REPORT, API,
     "Report a case"},
    {"GET", "/api/v1/cases/{id}", api_case_get, PERM_NONE, API, "One case"},
    {"PATCH", "/api/v1/cases/{id}", api_case_update, PERM_HANDLE, API,
     "Update a case's assessment and feedback. consequence and probability "
     "are levels of the care provider's risk matrix; risk_score and "
     "risk_band are kept as recorded unless they change or reassess (bool) "
     "asks for today's matrix"},
    {"POST", "/api/v1/cases/{id}/transitions", api_case_step, PERM_HANDLE, API,
     "Take a step: assess, investigate, start_actions, close, "
     "transfer, accept, reject, reopen"},
    {"POST", "/api/v1/cases/{id}/attachments", api_case_attach_add, PERM_NONE,
     API | UPL, "Attach files to a case (multipart/form-data)"},
    {"GET", "/api/v1/cases/{id}/attachments/{aid}", page_case_attachment,
     PERM_NONE, API, "Download an attachment (its bytes, checksum verified)"},
    {"POST", "/api/v1/cases/{id}/lexmaria", api_case_lexmaria, PERM_QUALITY,
     API,
     "Record the Lex Maria decision of a serious case: report (bool), "
     "reasoning, decided_at, sent_at, ivo_ref; 409 when not serious"},
    {"POST", "/api/v1/cases/{id}/complaint", api_case_complaint, PERM_HANDLE,
     API,
     "Record a complaint's answer clock: answer_due (null = the default "
     "limit), answered_at, via_patientnamnd; 409 when no complaint"},
    {"GET", "/api/v1/actions", api_actions, PERM_NONE, API,
     "Actions: view=mine|units, source, source_id, overdue, open"},
    {"POST", "/api/v1/actions", api_action_create, PERM_HANDLE, API,
     "Add an action (source case)"},
    {"GET", "/api/v1/actions/{id}", api_action_get, PERM_NONE, API,
     "One action"},
    {"PATCH", "/api/v1/actions/{id}", api_action_update, PERM_NONE, API,
     "Take a step: start, complete, evaluate, cancel"},
    {"GET", "/api/v1/documents", api_documents, PERM_NONE, API,
     "Documents: q, type, unit, process, owner, state, overdue, sort, "
     "offset, limit"},
    {"POST", "/api/v1/documents", api_document_create, PERM_NONE, API,
     "Create a document with its first draft (body_md)"},
    {"GET", "/api/v1/documents/{id}", api_document_get, PERM_NONE, API,
     "One document"},
    {"PATCH", "/api/v1/documents/{id}", api_document_update, PERM_NONE, API,
     "Change a document's descriptive fields"},
    {"GET", "/api/v1/documents/{id}/versions", api_document_versions, PERM_NONE,
     API, "A document's versions"},
    {"POST", "/api/v1/documents/{id}/versions", api_document_draft, PERM_NONE,
     API | UPL,
     "Save the draft, or start the next version (JSON, or multipart with "
     "body_md, change_note, remove_file and the file in field file)"},
    {"GET", "/api/v1/documents/{id}/versions/{n}/file", page_document_file,
     PERM_NONE, API, "Download a version's file (checksum verified)"},
    {"POST", "/api/v1/documents/{id}/versions/{n}/transitions",
     api_document_step, PERM_NONE, API,
     "Take a step: submit, approve, return, archive"},
    {"GET", "/api/v1/requirements", api_requirements, PERM_NONE, API,
     "Legal requirements with the current status for a unit (query: unit, "
     "statute, status, never, no_process, overdue)"},
    {"GET", "/api/v1/requirements/{id}", api_requirement_get, PERM_NONE, API,
     "One requirement with links and assessments (query: unit)"},
    {"POST", "/api/v1/requirements/{id}/assessments", api_requirement_assess,
     PERM_READ, API,
     "Record an assessment: unit, status, evidence, "
     "assessed_on"},
    {NULL, NULL, NULL, PERM_NONE, 0, NULL},
};

/* match compares a pattern with a path segment by segment; {x} captures
 * one non-empty segment. */
static int match(struct req *r, const char *pat, const char *path)
{
    int np = 0;

    while (*pat && *path) {
        if (*pat == '{') {
            const char *end = strchr(path, '/');
            size_t n = end ? (size_t)(end - path) : strlen(path);

            if (n == 0 || np >= REQ_MAX_PARAMS)
                return 0;
            r->params[np++] = arena_strndup(r->a, path, n);
            pat = strchr(pat, '}') + 1;
            path += n;
            continue;
        }
        if (*pat++ != *path++)
            return 0;
    }
    return *pat == '\0' && *path == '\0';
}

const struct route *route_match(struct req *r, const char *method,
                                const char *path, int *other_method)
{
    const struct route *rt;
    int head = strcmp(method, "HEAD") == 0;

    *other_method = 0;
    for (rt = routes; rt->pattern; rt++) {
        if (!match(r, rt->pattern, path))
            continue;
        if (strcmp(rt->method, method) == 0 ||
            (head && strcmp(rt->method, "GET") == 0))
            return rt;
        *other_method = 1;
    }
    return NULL;
}
