/* responsibility.c: the gap rules of the responsibility page. */
#include "core/responsibility.h"

#include "names.h"

static const char *const kind_names[RK__MAX] = {
    [RK_MANAGER] = "manager",           [RK_QUALITY] = "quality",
    [RK_HANDLER] = "handler",           [RK_PROCESS_OWNER] = "process_owner",
    [RK_PROCESS_LEAD] = "process_lead", [RK_DOCUMENT_OWNER] = "document_owner",
};

const char *resp_kind_str(enum resp_kind k)
{
    return names_get(kind_names, RK__MAX, (int)k);
}

enum resp_kind resp_kind_from_str(const char *s)
{
    return (enum resp_kind)names_index(kind_names, RK__MAX, s);
}

int resp_needs_deputy(enum resp_kind k)
{
    return k == RK_MANAGER || k == RK_PROCESS_OWNER || k == RK_PROCESS_LEAD ||
           k == RK_DOCUMENT_OWNER;
}

unsigned resp_gaps(const struct resp_row *x)
{
    unsigned g = 0;

    if (!x->holder_id) {
        if (x->must_hold)
            g |= RG_NOBODY;
    } else {
        if (!x->holder_active)
            g |= RG_INACTIVE;
        if (resp_needs_deputy(x->kind) && !x->deputy_id && !x->inherited)
            g |= RG_NO_DEPUTY;
        if (x->holder_total > RESP_MAX_PER_PERSON)
            g |= RG_TOO_MANY;
    }
    if (x->deputy_id && !x->deputy_active)
        g |= RG_DEPUTY_INACTIVE;
    return g;
}

size_t resp_flag(struct resp_row *rows, size_t n)
{
    size_t i, flagged = 0;

    for (i = 0; i < n; i++) {
        rows[i].gaps = resp_gaps(&rows[i]);
        flagged += rows[i].gaps != 0;
    }
    return flagged;
}
