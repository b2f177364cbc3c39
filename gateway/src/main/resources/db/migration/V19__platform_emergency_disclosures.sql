-- ADR-0031: a platform's own emergency disclosure (CM/Rec(2026)2 para. 38.4) opens a case from "platform:<platform id>"
-- (platform ids have up to 63 characters). Standard SQL, runs on H2 (MODE=PostgreSQL) and PostgreSQL.
ALTER TABLE inbound_case ALTER COLUMN peer_node_id SET DATA TYPE VARCHAR(80);
