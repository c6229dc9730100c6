/* handlers.h: every route handler, one group per page_<entity>.c file.
 * A handler sets r->status and the body; it checks the record's unit with
 * authz_can before reading or changing it (the router has only checked
 * that the user holds the route's permission somewhere). */
#ifndef SKA_HANDLERS_H
#define SKA_HANDLERS_H

#include "req.h"

/* page_login.c */
void page_login_form(struct req *r);
void page_login(struct req *r);
void page_logout(struct req *r);
/* page_home.c */
void page_home(struct req *r);
void page_history(struct req *r);
/* page_account.c */
void page_account(struct req *r);
void page_account_password(struct req *r);
void page_account_lang(struct req *r);
/* page_admin.c */
void page_admin(struct req *r);
/* page_units.c */
void page_units(struct req *r);
void page_unit_new(struct req *r);
void page_unit_create(struct req *r);
void page_unit_edit(struct req *r);
void page_unit_update(struct req *r);
void page_units_export(struct req *r);
/* page_users.c */
void page_users(struct req *r);
void page_user_new(struct req *r);
void page_user_create(struct req *r);
void page_user_edit(struct req *r);
void page_user_update(struct req *r);
void page_users_export(struct req *r);
void page_role_add(struct req *r);
void page_role_delete(struct req *r);
void page_deputy_add(struct req *r);
void page_deputy_delete(struct req *r);
/* page_import.c */
void page_import(struct req *r);
void page_import_units(struct req *r);
void page_import_users(struct req *r);
/* page_settings.c */
void page_case_settings(struct req *r);
void page_case_settings_save(struct req *r);
void page_categories(struct req *r);
void page_category_add(struct req *r);
void page_category_update(struct req *r);
/* page_risk_matrix.c */
void page_risk_matrix(struct req *r);
void page_risk_matrix_save(struct req *r);
/* page_dashboard.c */
void page_dashboard(struct req *r);
/* page_case_report.c, page_case_list.c, page_case.c, page_case_handle.c,
 * page_case_stats.c */
void page_report_form(struct req *r);
void page_report(struct req *r);
void page_cases(struct req *r);
void page_case(struct req *r);
void page_case_update(struct req *r);
void page_case_step(struct req *r);
void page_case_investigation(struct req *r);
void page_case_patient(struct req *r);
void page_case_lexmaria(struct req *r);
void page_case_complaint(struct req *r);
void page_cases_stats(struct req *r);
void page_cases_export_csv(struct req *r);
void page_cases_export_xlsx(struct req *r);
/* page_attachments.c */
void page_case_attach_add(struct req *r);
void page_case_attachment(struct req *r);
void api_case_attach_add(struct req *r);
/* page_actions.c */
void page_actions(struct req *r);
void page_action_step(struct req *r);
void page_case_action_add(struct req *r);
/* page_documents.c, page_document_forms.c */
void page_documents(struct req *r);
void page_document(struct req *r);
void page_document_version(struct req *r);
void page_document_new(struct req *r);
void page_document_create(struct req *r);
void page_document_edit(struct req *r);
void page_document_update(struct req *r);
void page_document_draft(struct req *r);
void page_document_step(struct req *r);
void page_document_link(struct req *r);
void page_document_ack(struct req *r);
/* document_files.c: a version's file (page and API) */
void page_document_file(struct req *r);
/* api_documents.c */
void api_documents(struct req *r);
void api_document_create(struct req *r);
void api_document_get(struct req *r);
void api_document_update(struct req *r);
void api_document_versions(struct req *r);
void api_document_draft(struct req *r);
void api_document_step(struct req *r);
/* api_actions.c */
void api_actions(struct req *r);
void api_action_create(struct req *r);
void api_action_get(struct req *r);
void api_action_update(struct req *r);
/* api_cases.c */
void api_cases(struct req *r);
void api_case_create(struct req *r);
void api_case_get(struct req *r);
void api_case_update(struct req *r);
void api_case_step(struct req *r);
/* api_clocks.c */
void api_case_lexmaria(struct req *r);
void api_case_complaint(struct req *r);
/* api.c */
void api_openapi(struct req *r);
void api_me(struct req *r);
void api_units(struct req *r);
void api_unit_create(struct req *r);
void api_unit_get(struct req *r);
void api_unit_update(struct req *r);
void api_users(struct req *r);
void api_user_create(struct req *r);
void api_user_get(struct req *r);
/* page_indicators.c, page_ind_forms.c, api_indicators.c */
void page_indicators(struct req *r);
void page_indicator(struct req *r);
void page_baseline_add(struct req *r);
void page_baseline_withdraw(struct req *r);
void page_annotation_add(struct req *r);
void api_indicators(struct req *r);
void api_indicator_get(struct req *r);
void api_indicator_values(struct req *r);
void api_indicator_spc(struct req *r);
/* page_ind_import.c */
void page_ind_import(struct req *r);
void page_ind_import_run(struct req *r);
/* page_process*.c, api_process.c */
void page_processes(struct req *r);
void page_process(struct req *r);
void page_process_inventory(struct req *r);
void page_process_mark(struct req *r);
void page_process_new(struct req *r);
void page_process_create(struct req *r);
void page_process_edit(struct req *r);
void page_process_update(struct req *r);
void page_process_move(struct req *r);
void page_process_active(struct req *r);
void page_process_indicator(struct req *r);
void page_process_case(struct req *r);
void api_processes(struct req *r);
void api_process_create(struct req *r);
void api_process_get(struct req *r);
void api_process_update(struct req *r);
/* page_requirements.c, api_requirements.c, page_status.c,
 * page_responsibility.c */
void page_requirements(struct req *r);
void page_requirement_create(struct req *r);
void page_requirement(struct req *r);
void page_requirement_assess(struct req *r);
void page_requirement_link(struct req *r);
void api_requirements(struct req *r);
void api_requirement_get(struct req *r);
void api_requirement_assess(struct req *r);
void page_responsibility(struct req *r);
void page_status(struct req *r);
void page_status_items(struct req *r);
void page_status_snapshots(struct req *r);
void page_status_snapshot_add(struct req *r);
void page_status_snapshot(struct req *r);

#endif
