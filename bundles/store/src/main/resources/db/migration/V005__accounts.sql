-- Schema version 5: console and shell accounts, for servers that keep them in the record (accounts
-- setting source=record, needed when several nodes serve one hospital: an account changed on one node
-- holds on every node). The layout is the one of Karaf's JDBC login module: one row per account with its
-- password hash (bcrypt, as Karaf writes it), one row per role; a group is an account name "_g_:<group>"
-- whose rows are the group's roles, and an account's row "_g_:<group>" makes it a member.

CREATE TABLE IF NOT EXISTS accounts (
    name              VARCHAR(200)   NOT NULL PRIMARY KEY,
    password          VARCHAR(200)   NOT NULL
);

CREATE TABLE IF NOT EXISTS account_roles (
    name              VARCHAR(200)   NOT NULL,
    role              VARCHAR(200)   NOT NULL,
    PRIMARY KEY (name, role)
);
