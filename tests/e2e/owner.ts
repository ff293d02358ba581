/** The account tests/e2e/auth.setup.ts creates on the fresh e2e database, and where its session is saved. */
export const OWNER = { organization: "Bright Smile Dental", name: "Dana Owner", email: "owner@brightsmile.test", password: "e2e password 1234" };
export const STORAGE_STATE = "tests/.artifacts/e2e-auth/owner.json";
/** Where the e2e server (tests/e2e/serve.ts, PGLITE_DIR under tests/.artifacts/e2e) writes its first-run setup code. */
export const SETUP_CODE_FILE = "tests/.artifacts/e2e/setup-code";
