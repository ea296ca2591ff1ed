package io.kubeguide.account;

import io.kubeguide.progress.LearnerMoved;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Which learner id each account has (table {@code learner_account}). */
@Repository
class AccountLinks {

    private final JdbcClient jdbc;

    AccountLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account's learner id, made ({@code fresh}) on its first sign-in; its name kept up to date. */
    String learnerOf(Account account, String fresh) {
        Optional<String> linked = find(account);
        if (linked.isEmpty()) {
            try {
                jdbc.sql("INSERT INTO learner_account (issuer, subject, learner_id, name, linked_at)"
                                + " VALUES (?, ?, ?, ?, ?)")
                        .params(
                                account.issuer(),
                                account.subject(),
                                fresh,
                                account.name(),
                                OffsetDateTime.now(ZoneOffset.UTC))
                        .update();
                return fresh;
            } catch (DuplicateKeyException e) {
                // its first sign-in on two devices at once: the other one linked it
                linked = find(account);
            }
        }
        jdbc.sql("UPDATE learner_account SET name = ? WHERE issuer = ? AND subject = ?")
                .params(account.name(), account.issuer(), account.subject())
                .update();
        return linked.orElseThrow();
    }

    /** The account whose learner id this is; empty for an anonymous learner. */
    Optional<Account> accountOf(String learnerId) {
        return jdbc.sql("SELECT issuer, subject, name FROM learner_account WHERE learner_id = ?")
                .param(learnerId)
                .query((row, n) ->
                        new Account(row.getString("issuer"), row.getString("subject"), row.getString("name")))
                .optional();
    }

    private Optional<String> find(Account account) {
        return jdbc.sql("SELECT learner_id FROM learner_account WHERE issuer = ? AND subject = ?")
                .params(account.issuer(), account.subject())
                .query(String.class)
                .optional();
    }

    /** A signed-in learner rotated their cookie: the account moves to the new id (other devices are signed out). */
    @EventListener
    void on(LearnerMoved moved) {
        jdbc.sql("UPDATE learner_account SET learner_id = ? WHERE learner_id = ?")
                .params(moved.to(), moved.from())
                .update();
    }
}
