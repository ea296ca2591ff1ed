-- Optional sign-in (OpenID Connect): an account (the provider's issuer and the user's subject there) has one learner
-- id, the one its devices carry in their cookie once signed in. The name is what the account page shows.
CREATE TABLE learner_account (
    issuer      VARCHAR(500) NOT NULL,
    subject     VARCHAR(255) NOT NULL,
    learner_id  VARCHAR(64)  NOT NULL,
    name        VARCHAR(255) NOT NULL,
    linked_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (issuer, subject)
);

CREATE UNIQUE INDEX learner_account_by_learner ON learner_account (learner_id);
