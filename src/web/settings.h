/* settings.h: who keeps a care provider's deviation-management settings
 * (page_settings.c), shared by the settings pages (page_risk_matrix.c):
 * its quality coordinators and administrators, a quality or admin role
 * anywhere in the provider's tree. */
#ifndef SKA_SETTINGS_H
#define SKA_SETTINGS_H

#include "req.h"
#include "tmpl.h"

/* settings_provider: the "provider" of the query or form when the user may
 * keep it, else the first one they may keep; 0 when none (403). */
int64_t settings_provider(struct req *r);
/* settings_any: the user may keep some care provider's settings (the rule
 * of settings_provider without a chosen provider); the administration hub
 * offers the settings pages only then. */
int settings_any(const struct req *r);
/* settings_providers lists the providers the user may keep, for a chooser
 * ("providers", "many_providers"), and sets "provider" and
 * "provider_name" of the chosen one. */
void settings_providers(struct req *r, struct tv *ctx, int64_t chosen);

#endif
