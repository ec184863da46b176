# fmt: off
def after_rating_recorded(rating):
    from gaoxin.evalstats.services import rollup_rating_recorded
    from gaoxin.rectifications.services import rectification_on_rating
    rectification_on_rating(rating=rating)   # opens a work order for a first bad rating; records the rater's rating of the fix for rating_no 2
    rollup_rating_recorded(rating=rating)    # last: the counter rows every rating shares stay locked only until the commit


def after_batch_recorded(*, opening, facts):
    from gaoxin.evalstats.services import rollup_facts_recorded
    from gaoxin.rectifications.services import work_orders_open
    work_orders_open(ratings=opening)     # the batch path's 差评 (first ratings), as Rating instances
    rollup_facts_recorded(facts=facts)    # its counters from the rows it inserted, in one upsert, last


def after_case_completed(case):
    from gaoxin.evalstats.services import rollup_case_completed
    rollup_case_completed(case=case)   # completed cases are the denominator of 主动评价率
