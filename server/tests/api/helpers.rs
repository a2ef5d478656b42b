use axum::{body::Body, Router};
use http::{header, Request, Response, StatusCode};
use server::{config::Config, generator, startup};
use sqlx::PgPool;
use tower::ServiceExt;

/// The upload limit of the tests' app (small, so limit tests send little).
pub const UPLOAD_LIMIT: u64 = 64 * 1024;

pub struct TestApp {
    pub router: Router,
    pub pool: PgPool,
    /// The app's view-tracking writer (to flush it).
    pub views: app::views::ViewTracker,
    /// The app's state (its Argon2 permits and run counter, for the security group).
    pub state: app::state::AppState,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// `name=value` of the session cookie this response sets, if any.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_string)
    }
}

pub const AGENT_COOKIE: &str = "__Host-panorama-agent";
pub const PORTAL_COOKIE: &str = "__Host-panorama-portal";
pub const CHALLENGE_COOKIE: &str = app::second_factor::CHALLENGE_COOKIE;

impl TestApp {
    /// The router on a database holding the small demo data set.
    pub async fn with_demo(pool: PgPool) -> TestApp {
        let o = generator::Options {
            companies: 5,
            tickets: 400,
            users_per_company: 3,
            if_empty: false,
        };
        Self::with_data(pool, o).await
    }

    /// The router on a database generated with these options.
    pub async fn with_data(pool: PgPool, o: generator::Options) -> TestApp {
        // TEST_LOG=1 (with RUST_LOG to choose) shows the app's logs; by default tests stay quiet.
        if std::env::var_os("TEST_LOG").is_some() {
            server::telemetry::init("info,sqlx=warn");
        }
        generator::run(&pool, &o).await.expect("generate demo data");
        Self::on(pool, 4)
    }

    /// The app's router over `pool`, as `server` builds it, running as the app role as the server does
    /// (`pool` stays the owner's, for the tests' own setup and checks).
    fn on(pool: PgPool, max_connections: u32) -> TestApp {
        let app_pool = as_app_role(&pool, max_connections);
        let config = Config {
            database_url: String::new(),
            max_connections,
            trusted_proxy: None,
            sign_in_retention_days: 90,
            upload_max_bytes: UPLOAD_LIMIT,
        };
        let state =
            app::state::AppState::new(app_pool, startup::leptos_options().expect("leptos options"));
        TestApp {
            views: state.views.clone(),
            state: state.clone(),
            router: startup::build_router(state, &config),
            pool,
        }
    }

    /// The same app and data over a pool of one connection. A handler that reads through the pool while
    /// its own transaction holds that connection waits out the acquire timeout (503 Busy) instead of
    /// answering: this is how the tests catch a read that escapes its transaction.
    pub async fn on_one_connection(&self) -> TestApp {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(std::time::Duration::from_secs(2))
            .connect_with((*self.pool.connect_options()).clone())
            .await
            .expect("one-connection pool");
        Self::on(pool, 1)
    }

    /// One request through the router. A request that has not answered (body included) within a minute
    /// fails the test naming it, instead of leaving the suite waiting (a cold CI run once hung here).
    pub async fn send(&self, req: Request<Body>) -> TestResponse {
        let what = format!("{} {}", req.method(), req.uri());
        let answer = async {
            let res: Response<Body> = self
                .router
                .clone()
                .oneshot(req)
                .await
                .expect("router answers");
            let status = res.status();
            let headers = res.headers().clone();
            let bytes = axum::body::to_bytes(res.into_body(), 10 << 20)
                .await
                .expect("body");
            (status, headers, bytes)
        };
        let (status, headers, bytes) =
            tokio::time::timeout(std::time::Duration::from_secs(60), answer)
                .await
                .unwrap_or_else(|_| panic!("{what} did not answer within 60 s"));
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> TestResponse {
        let mut req = Request::get(path)
            .header(header::HOST, "panorama.test")
            .header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }

    /// A same-origin form POST as the server-function client sends it.
    pub async fn post(&self, path: &str, form: &str, cookie: Option<&str>) -> TestResponse {
        let mut req = form_request(path);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(form.to_string())).expect("request"))
            .await
    }

    /// A server-function call with a JSON body (the functions declared `input = Json`).
    pub async fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
        cookie: Option<&str>,
    ) -> TestResponse {
        let mut req = Request::post(path)
            .header(header::HOST, "panorama.test")
            .header("sec-fetch-site", "same-origin")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body.to_string())).expect("request"))
            .await
    }

    /// Signs in and returns the `name=value` cookie pair to send back.
    pub async fn sign_in(&self, realm: &str, login: &str) -> String {
        self.sign_in_with(realm, login, generator::DEMO_PASSWORD)
            .await
    }

    pub async fn sign_in_with(&self, realm: &str, login: &str, password: &str) -> String {
        let res = self
            .post(
                "/api/sign_in",
                &format!("realm={realm}&login={login}&password={password}"),
                None,
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::OK,
            "sign in as {login}: {}",
            res.body
        );
        let res = match res.set_cookie(CHALLENGE_COOKIE) {
            Some(challenge) => self.second_factor(login, &challenge).await,
            None => res,
        };
        let name = if realm == "Agent" {
            AGENT_COOKIE
        } else {
            PORTAL_COOKIE
        };
        let set = res.set_cookie(name).expect("session cookie set");
        set.split(';').next().expect("cookie pair").to_string()
    }

    /// Finishes a sign-in's challenge as the agent's app would: the code of the first step not used yet
    /// (waiting for the next step when three were used within one).
    pub async fn second_factor(&self, login: &str, challenge: &str) -> TestResponse {
        let code = self.next_code(login).await;
        let challenge = challenge.split(';').next().expect("cookie pair");
        let res = self
            .send(
                form_request("/api/verify_second_factor")
                    .header(header::COOKIE, challenge)
                    .body(Body::from(format!("code={code:06}")))
                    .expect("request"),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "code for {login}: {}", res.body);
        res
    }

    /// The code an agent's app shows for the first step after the last one used.
    pub async fn next_code(&self, login: &str) -> u32 {
        use app::second_factor::{code, step_at};
        let (secret, last): (Vec<u8>, i64) = sqlx::query_as(
            "SELECT f.secret, f.last_step FROM second_factors f JOIN agents a ON a.id = f.agent_id
              WHERE a.login = $1",
        )
        .bind(login)
        .fetch_one(&self.pool)
        .await
        .expect("a second factor");
        loop {
            let now = step_at(chrono::Utc::now().timestamp());
            let step = (now - 1).max(last + 1);
            if step <= now + 1 {
                return code(&secret, step);
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    }

    /// An agent issues a reset link for `login` and the customer user sets `password` with it (the only way
    /// a customer user's password is set).
    pub async fn set_password_by_link(&self, agent: &str, login: &str, password: &str) {
        let issued = self
            .post(
                "/api/issue_password_reset",
                &format!("login={login}"),
                Some(agent),
            )
            .await;
        assert_eq!(issued.status, StatusCode::OK, "issue: {}", issued.body);
        let path: String = serde_json::from_str(&issued.body).expect("link");
        let token = path.rsplit('/').next().expect("token");
        let used = self
            .post(
                "/api/reset_password",
                &format!("token={token}&new={password}&confirm={password}"),
                None,
            )
            .await;
        assert_eq!(used.status, StatusCode::OK, "use: {}", used.body);
    }
}

/// A pool over the same database whose connections are the app role (`panorama_app`, issue 17 finding 6):
/// no table of its own, no DDL, row-level security applies. Same acquire timeout as the test pool's.
pub fn as_app_role(owner: &PgPool, max_connections: u32) -> PgPool {
    sqlx::postgres::PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(owner.options().get_acquire_timeout())
        .after_connect(|conn, _| {
            Box::pin(async move {
                sqlx::Executor::execute(conn, "SET ROLE panorama_app").await?;
                Ok(())
            })
        })
        .connect_lazy_with((*owner.connect_options()).clone())
}

/// The contact `id` as a signed-in portal viewer (their own, not impersonated), for `db::portal::begin`.
/// A form-encoded server-function call as the hydrated browser makes it (same origin, JSON answer).
pub fn form_request(path: &str) -> http::request::Builder {
    Request::post(path)
        .header(header::HOST, "panorama.test")
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
}

pub fn contact(id: i64) -> app::model::viewer::ContactViewer {
    app::model::viewer::ContactViewer {
        id: app::model::ids::CustomerUserId(id),
        name: String::new(),
        impersonator: None,
        org_admin: false,
    }
}

/// Asserts that the portal's Postgres role may not read `table` at all (no grant), in a transaction that
/// is rolled back.
pub async fn portal_may_not_read(pool: &PgPool, table: &str) {
    let mut tx = pool.begin().await.expect("tx");
    sqlx::query("SET LOCAL ROLE panorama_portal")
        .execute(&mut *tx)
        .await
        .expect("role");
    let denied = sqlx::query(&format!("SELECT 1 FROM {table} LIMIT 1"))
        .execute(&mut *tx)
        .await
        .expect_err("no grant");
    assert!(
        denied.to_string().contains("permission denied"),
        "{table}: {denied}"
    );
}
