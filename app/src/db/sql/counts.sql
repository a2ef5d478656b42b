-- Every tab count of the CIC's ticket widgets and Company Status for company $1, agent $2, at the page's clock $3.
SELECT new_all AS "new_all!", new_locked AS "new_locked!", new_mq AS "new_mq!",
       open_all AS "open_all!", open_locked AS "open_locked!", open_mq AS "open_mq!",
       open_class AS "open_class!", closed_class AS "closed_class!", esc_all AS "esc_all!",
       esc_locked AS "esc_locked!", esc_mq AS "esc_mq!", rem_all AS "rem_all!",
       rem_locked AS "rem_locked!", rem_mq AS "rem_mq!"
FROM cic_counts($1, $2, $3)
