//! A harness for driving the real Viva desktop app end to end.
//!
//! - a virtual display of its own (`Xvfb` on a free display number);
//! - a PulseAudio server of its own with two null sinks: `vmic` (its monitor is the default
//!   source, so whatever is played into `vmic` is what the microphone hears) and `vspk` (the
//!   default sink: the speaker, recorded back through `vspk.monitor`), reached by the app through
//!   ALSA's pulse plugin, exactly as on a desktop;
//! - `tauri-driver` on free ports, in front of `WebKitWebDriver`, which starts the app binary
//!   with `HOME` and `VIVA_DATA_DIR` of the test's own;
//! - a W3C WebDriver session (fantoccini), started with retries.
//!
//! Every process is stopped when its guard is dropped, on success and on panic alike. A missing
//! prerequisite (the app binary, tauri-driver, Xvfb, the speech model) is a failure that says
//! what to run, never a silent skip.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini::{Client, Locator, elements::Element};
use serde_json::{Value, json};

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// Where cargo builds: `$CARGO_TARGET_DIR`, else the workspace's `target`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"))
}

/// The app binary: `$VIVA_APP_BIN`, else the debug build `make test` makes.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("VIVA_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/viva-app"));
    assert!(
        path.is_file(),
        "no Viva app binary at {}: build it with `make app-e2e` (the UI, then `cargo build -p \
         viva-app`), or run `make test`, which does; VIVA_APP_BIN chooses another build",
        path.display()
    );
    path
}

/// The tiny.en model the setup converted; a missing one fails with what to do.
pub fn model() -> PathBuf {
    let path = std::env::var_os("VIVA_TEST_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".setup/models/tiny.en.bin"));
    assert!(
        path.is_file(),
        "no speech model at {}: run `make test` (scripts/setup.sh installs it)",
        path.display()
    );
    path
}

/// Writes a measured figure where `make test` leaves it (`target/e2e-figures.tsv`, one line
/// each: time, name, value) and on stderr; figures are for BENCHMARKS.md, not assertions.
pub fn report_figure(name: &str, seconds: f64) {
    use std::io::Write;
    eprintln!("figure: {name}: {seconds:.3} s");
    let path = target_dir().join("e2e-figures.tsv");
    let line = format!(
        "{}\t{name}\t{seconds:.3}\n",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    );
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        let _ = f.write_all(line.as_bytes());
    }
}

/// A fixture of `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    workspace().join("tests/fixtures").join(name)
}

fn find_program(name: &str, hint: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("`{name}` is missing: {hint}"))
}

const SETUP_HINT: &str = "run `scripts/setup.sh` (or `make test`), which installs it";

/// Sends SIGTERM, waits up to `grace`, then SIGKILL, to a process group (negative pid) or a
/// process.
fn terminate(target: &str, child: &mut Child, grace: Duration) {
    let _ = Command::new("kill")
        .args(["-TERM", "--", target])
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = Command::new("kill")
        .args(["-KILL", "--", target])
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

// ─── Display ─────────────────────────────────────────────────────────────────────────────────

/// An X server of the test's own, stopped when dropped.
pub struct Xvfb {
    child: Child,
    display: u32,
}

impl Xvfb {
    pub fn start() -> Xvfb {
        let xvfb = find_program("Xvfb", SETUP_HINT);
        for display in 90..200u32 {
            if Path::new(&format!("/tmp/.X{display}-lock")).exists()
                || Path::new(&format!("/tmp/.X11-unix/X{display}")).exists()
            {
                continue;
            }
            let mut child = Command::new(&xvfb)
                .arg(format!(":{display}"))
                .args(["-screen", "0", "1280x900x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start Xvfb");
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{display}"));
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                if socket.exists() {
                    return Xvfb { child, display };
                }
                if let Ok(Some(_)) = child.try_wait() {
                    break; // taken meanwhile: try the next one
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("Xvfb :{display} did not start in 10 s");
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("no free X display between :90 and :199");
    }

    pub fn display(&self) -> String {
        format!(":{}", self.display)
    }

    /// A screenshot of the whole screen (what a person would see, native dialogs included).
    pub fn screenshot(&self, out: &Path) {
        let st = Command::new(find_program("import", SETUP_HINT))
            .env("DISPLAY", self.display())
            .args(["-window", "root"])
            .arg(out)
            .status()
            .expect("run import");
        assert!(st.success(), "import -window root failed");
    }

    /// Runs xdotool on this display.
    pub fn xdotool(&self, args: &[&str]) -> std::process::Output {
        Command::new(find_program("xdotool", SETUP_HINT))
            .env("DISPLAY", self.display())
            .args(args)
            .output()
            .expect("run xdotool")
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        terminate(&pid, &mut self.child, Duration::from_secs(2));
    }
}

// ─── Sound ───────────────────────────────────────────────────────────────────────────────────

/// A PulseAudio server of the test's own in `home`, with a virtual microphone and speaker.
/// `home/.asoundrc` routes ALSA's default device to it, so a program started with `HOME=home`
/// uses it like a desktop's sound server. Stopped when dropped.
pub struct Pulse {
    home: PathBuf,
    room: Option<Guard>,
}

impl Pulse {
    pub fn start(home: &Path) -> Pulse {
        for b in ["pulseaudio", "pactl", "paplay", "parec"] {
            find_program(b, SETUP_HINT);
        }
        let xdg = home.join("xdg");
        std::fs::create_dir_all(&xdg).unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&xdg, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        let mut pulse = Pulse {
            home: home.to_path_buf(),
            room: None,
        };
        let out = pulse
            .cmd("pulseaudio")
            .args([
                "-n",
                "--daemonize=yes",
                "--exit-idle-time=-1",
                // As in the CLI's audio tests: no CPU limiter or real-time watchdog to end the
                // server when the machine is busy.
                "--no-cpu-limit=yes",
                "--realtime=no",
                "--high-priority=no",
                "--disable-shm=yes",
                "-L",
                "module-native-protocol-unix",
                "-L",
                "module-null-sink sink_name=vspk",
                "-L",
                "module-null-sink sink_name=vmic",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "pulseaudio did not start: {out:?}");
        pulse.pactl(&["set-default-sink", "vspk"]);
        pulse.pactl(&["set-default-source", "vmic.monitor"]);
        let server = xdg.join("pulse/native");
        std::fs::write(
            home.join(".asoundrc"),
            format!(
                "pcm.!default {{ type pulse server \"unix:{0}\" }}\nctl.!default {{ type pulse server \"unix:{0}\" }}\n",
                server.display()
            ),
        )
        .unwrap();
        // A real microphone never goes quiet to the last bit: it always delivers its noise
        // floor. A null sink's monitor delivers nothing while nothing plays into it (which the
        // app rightly takes for a dead microphone), so the room's quiet hiss plays into it
        // throughout, at -54 dBFS, and the answers play over it.
        let room = home.join("room-tone.wav");
        let st = Command::new(find_program("sox", SETUP_HINT))
            .args(["-n", "-r", "16000", "-c", "1", "-b", "16"])
            .arg(&room)
            .args(["synth", "900", "pinknoise", "vol", "0.002"])
            .status()
            .expect("run sox");
        assert!(st.success(), "sox could not make the room tone");
        pulse.room = Some(pulse.speak(&room));
        pulse
    }

    pub fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("HOME", &self.home)
            .env("XDG_RUNTIME_DIR", self.home.join("xdg"))
            .env_remove("PULSE_SERVER");
        c
    }

    pub fn pactl(&self, args: &[&str]) -> String {
        let out = self.cmd("pactl").args(args).output().unwrap();
        assert!(out.status.success(), "pactl {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The microphone hears `wav` from now on; `wait` on the result for the end.
    pub fn speak(&self, wav: &Path) -> Guard {
        Guard::spawn(self.cmd("paplay").arg("-d").arg("vmic").arg(wav))
    }

    /// Records what the speaker plays from now on, until [`Recording::stop`].
    pub fn record_speaker(&self, out: &Path) -> Recording {
        let file = std::fs::File::create(out).unwrap();
        let child = self
            .cmd("parec")
            .args([
                "-d",
                "vspk.monitor",
                "--format=s16le",
                "--rate=16000",
                "--channels=1",
                "--raw",
            ])
            .stdout(file)
            .spawn()
            .expect("start parec");
        Recording {
            guard: Guard(Some(child)),
            path: out.to_path_buf(),
        }
    }
}

impl Drop for Pulse {
    fn drop(&mut self) {
        self.room.take();
        let _ = self
            .cmd("pulseaudio")
            .arg("--kill")
            .stderr(Stdio::null())
            .status();
    }
}

/// A child process killed and reaped when dropped.
pub struct Guard(Option<Child>);

impl Guard {
    pub fn spawn(cmd: &mut Command) -> Guard {
        Guard(Some(cmd.spawn().expect("spawn")))
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        self.0
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// Waits for the process to end, at most `limit`.
    pub fn wait(&mut self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while let Some(child) = self.0.as_mut() {
            if let Ok(Some(_)) = child.try_wait() {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        true
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(mut c) = self.0.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// What the speaker played, as 16 kHz mono samples.
pub struct Recording {
    guard: Guard,
    path: PathBuf,
}

impl Recording {
    pub fn stop(mut self) -> Audio {
        if let Some(mut c) = self.guard.0.take() {
            let _ = Command::new("kill")
                .args(["-INT", &c.id().to_string()])
                .status();
            let deadline = Instant::now() + Duration::from_secs(2);
            while Instant::now() < deadline && !matches!(c.try_wait(), Ok(Some(_))) {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
        let bytes = std::fs::read(&self.path).unwrap_or_default();
        Audio {
            samples: bytes
                .chunks_exact(2)
                .map(|b| i16::from_le_bytes([b[0], b[1]]))
                .collect(),
        }
    }
}

pub struct Audio {
    pub samples: Vec<i16>,
}

impl Audio {
    pub fn seconds(&self) -> f64 {
        self.samples.len() as f64 / 16_000.0
    }

    /// RMS over the whole recording, 0..1.
    pub fn rms(&self) -> f64 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let sum: f64 = self
            .samples
            .iter()
            .map(|&s| (f64::from(s) / 32768.0).powi(2))
            .sum();
        (sum / self.samples.len() as f64).sqrt()
    }

    /// Seconds of sound louder than -40 dBFS, in 50 ms windows.
    pub fn loud_seconds(&self) -> f64 {
        let window = 800;
        self.samples
            .chunks(window)
            .filter(|w| {
                let sum: f64 = w.iter().map(|&s| (f64::from(s) / 32768.0).powi(2)).sum();
                (sum / w.len() as f64).sqrt() > 0.01
            })
            .count() as f64
            * 0.05
    }
}

// ─── The app ─────────────────────────────────────────────────────────────────────────────────

/// How to start the app.
pub struct Options {
    /// A sound server: the app has a microphone and a speaker. Without one, it has neither.
    pub sound: bool,
    /// Put the test model in the data folder before the app starts.
    pub model: bool,
    /// The app binary (default: [`app_binary`]).
    pub binary: Option<PathBuf>,
    /// Prepares the data folder (after the model is installed) before the app starts.
    pub before_start: Option<fn(&Path)>,
    /// A private D-Bus session bus, as a desktop has; without one, the app has none.
    pub session_bus: bool,
    /// The app's clock (`VIVA_CLOCK`, RFC 3339), for the schedule's days to pass.
    pub clock: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            sound: true,
            model: true,
            binary: None,
            before_start: None,
            session_bus: false,
            clock: None,
        }
    }
}

/// A private D-Bus session bus (`dbus-daemon --session`), stopped when dropped.
pub struct SessionBus {
    child: Child,
    pub address: String,
}

impl SessionBus {
    fn start() -> SessionBus {
        use std::io::BufRead;
        find_program(
            "dbus-daemon",
            "install the Debian package dbus-daemon (`scripts/setup.sh` does)",
        );
        let mut child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let mut address = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut address)
            .expect("read the session bus address");
        assert!(!address.trim().is_empty(), "dbus-daemon printed no address");
        SessionBus {
            child,
            address: address.trim().to_string(),
        }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `tauri-driver` in its own process group, with the app it starts; all stopped when dropped.
struct Driver {
    child: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        terminate(&group, &mut self.child, Duration::from_secs(3));
    }
}

/// The running app, in a WebDriver session. Field order is drop order: the driver (and the
/// app) end before the sound server and the display.
pub struct App {
    pub client: Client,
    /// When the session was asked for, which is when the driver launched the app.
    pub launched: Instant,
    _driver: Driver,
    pub bus: Option<SessionBus>,
    pub binary: PathBuf,
    pub pulse: Option<Pulse>,
    pub xvfb: Xvfb,
    pub home: PathBuf,
    pub data: PathBuf,
    _dir: tempfile::TempDir,
}

/// The environment the app runs in: the test's display, home and data folder, its own sound
/// server (not the desktop's), and its private session bus or none.
fn app_env(cmd: &mut Command, display: &str, home: &Path, data: &Path, bus: Option<&SessionBus>) {
    cmd.env("DISPLAY", display)
        .env("HOME", home)
        .env("VIVA_DATA_DIR", data)
        .env("XDG_RUNTIME_DIR", home.join("xdg"))
        .env_remove("PULSE_SERVER")
        .env_remove("WAYLAND_DISPLAY")
        // Keep GSettings (GTK, GStreamer) in memory, not in dconf.
        .env("GSETTINGS_BACKEND", "memory");
    match bus {
        Some(bus) => cmd.env("DBUS_SESSION_BUS_ADDRESS", &bus.address),
        None => cmd.env_remove("DBUS_SESSION_BUS_ADDRESS"),
    };
}

/// Installs the speech model into a data folder, as `viva models import` would leave it.
pub fn install_model(data: &Path) {
    install_model_as(data, &model(), "tiny.en");
}

/// Installs the model file `model` into a data folder as `name`, the default model.
pub fn install_model_as(data: &Path, model: &Path, name: &str) {
    let dir = data.join("models");
    std::fs::create_dir_all(&dir).unwrap();
    let dest = dir.join(format!("{name}.bin"));
    if !dest.exists() && std::fs::hard_link(model, &dest).is_err() {
        std::fs::copy(model, &dest).unwrap();
    }
    std::fs::write(dir.join("default-model"), format!("{name}\n")).unwrap();
}

impl App {
    /// Starts the display, the sound server, tauri-driver and the app, and opens a session.
    pub async fn start(opts: Options) -> App {
        let binary = opts.binary.unwrap_or_else(app_binary);
        let driver_bin = find_program(
            "tauri-driver",
            "run `scripts/setup.sh` (or `make test`), which runs `cargo install tauri-driver \
             --locked --version '^2'`",
        );
        find_program(
            "WebKitWebDriver",
            "install the Debian package webkit2gtk-driver (`scripts/setup.sh` does)",
        );
        let dir = tempfile::Builder::new()
            .prefix("viva-e2e-")
            .tempdir()
            .unwrap();
        let home = dir.path().join("home");
        let data = dir.path().join("data");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&data).unwrap();
        if opts.model {
            install_model(&data);
        }
        if let Some(prepare) = opts.before_start {
            prepare(&data);
        }
        let xvfb = Xvfb::start();
        let pulse = opts.sound.then(|| Pulse::start(&home));
        let bus = opts.session_bus.then(SessionBus::start);

        let port = free_port();
        let native_port = loop {
            let p = free_port();
            if p != port {
                break p;
            }
        };
        let mut cmd = Command::new(&driver_bin);
        cmd.args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()]);
        app_env(&mut cmd, &xvfb.display(), &home, &data, bus.as_ref());
        if let Some(clock) = &opts.clock {
            cmd.env("VIVA_CLOCK", clock);
        }
        cmd.stdout(Stdio::null()).process_group(0);
        std::fs::create_dir_all(home.join("xdg")).unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(home.join("xdg"), std::fs::Permissions::from_mode(0o700))
                .unwrap();
        }
        if std::env::var_os("VIVA_E2E_VERBOSE").is_none() {
            cmd.stderr(Stdio::null());
        }
        let driver = Driver {
            child: cmd.spawn().expect("start tauri-driver"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on port {port} within 20 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }

        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({ "application": binary.to_str().unwrap() }),
        );
        let url = format!("http://127.0.0.1:{port}");
        // The first session on a fresh machine once ended in "connection reset": retry.
        let mut last = None;
        let mut client = None;
        let mut launched = Instant::now();
        for attempt in 0..5 {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            launched = Instant::now();
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match fantoccini::ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => {
                    client = Some(c);
                    break;
                }
                Err(e) => last = Some(e.to_string()),
            }
        }
        let client = client.unwrap_or_else(|| {
            panic!(
                "no WebDriver session with {} after 5 tries: {}",
                binary.display(),
                last.unwrap_or_default()
            )
        });
        App {
            client,
            launched,
            _driver: driver,
            bus,
            binary,
            pulse,
            xvfb,
            home,
            data,
            _dir: dir,
        }
    }

    /// Launches the app binary again, as a person double-clicking it would, on the same display
    /// and data folder, and on the same session bus if `on_bus`; returns how it ended and what
    /// it wrote to stderr. Fails if it is still running after 20 s (it opened a second window).
    pub fn launch_again(&self, on_bus: bool) -> (std::process::ExitStatus, String) {
        let mut cmd = Command::new(&self.binary);
        let bus = self.bus.as_ref().filter(|_| on_bus);
        app_env(&mut cmd, &self.xvfb.display(), &self.home, &self.data, bus);
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("launch the app again");
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the app launched again was still running after 20 s: a second window");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut stderr = String::new();
        use std::io::Read;
        let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
        (status, stderr)
    }

    pub fn pulse(&self) -> &Pulse {
        self.pulse
            .as_ref()
            .expect("this app was started without sound")
    }

    /// Ends the session (the app closes) and stops everything.
    pub async fn close(self) {
        let App { client, .. } = self;
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
    }

    /// Opens a practice of the one question `id` from the Practice tab, ready to answer.
    pub async fn practise_one(&self, id: &str) {
        self.wait_for("nav-practice", Duration::from_secs(60)).await;
        self.click("nav-practice").await;
        self.click("mode-single").await;
        let select = self
            .wait_for("question-select", Duration::from_secs(20))
            .await;
        select
            .select_by_value(id)
            .await
            .unwrap_or_else(|e| panic!("question {id} is not in the list: {e}"));
        self.click("start-practice").await;
    }

    /// Waits up to `limit` for an element with this `data-testid` to be displayed.
    pub async fn wait_for(&self, testid: &str, limit: Duration) -> Element {
        self.wait_for_css(&format!("[data-testid=\"{testid}\"]"), limit)
            .await
    }

    pub async fn wait_for_css(&self, css: &str, limit: Duration) -> Element {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(found) = self.client.find_all(Locator::Css(css)).await {
                for e in found {
                    if e.is_displayed().await.unwrap_or(false) {
                        return e;
                    }
                }
            }
            if Instant::now() > deadline {
                let shot = self.screenshot_to_target("timeout").await;
                panic!(
                    "no visible `{css}` after {limit:?}; the screen is in {}; the page says: {}",
                    shot.display(),
                    self.body_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Whether a visible element with this `data-testid` is there now.
    pub async fn visible(&self, testid: &str) -> bool {
        let css = format!("[data-testid=\"{testid}\"]");
        if let Ok(found) = self.client.find_all(Locator::Css(&css)).await {
            for e in found {
                if e.is_displayed().await.unwrap_or(false) {
                    return true;
                }
            }
        }
        false
    }

    /// Waits for the element with this `data-testid` to be visible and enabled.
    pub async fn wait_enabled(&self, testid: &str, limit: Duration) -> Element {
        let e = self.wait_for(testid, limit).await;
        let deadline = Instant::now() + limit;
        while !e.is_enabled().await.unwrap_or(true) {
            assert!(Instant::now() < deadline, "`{testid}` stayed disabled");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        e
    }

    /// Clicks the element with this `data-testid` once it is visible and enabled.
    pub async fn click(&self, testid: &str) {
        let e = self.wait_enabled(testid, Duration::from_secs(20)).await;
        e.click()
            .await
            .unwrap_or_else(|err| panic!("click `{testid}`: {err}"));
    }

    pub async fn text(&self, testid: &str) -> String {
        self.wait_for(testid, Duration::from_secs(20))
            .await
            .text()
            .await
            .unwrap_or_default()
    }

    pub async fn body_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(b) => b.text().await.unwrap_or_default(),
            Err(e) => format!("(no page: {e})"),
        }
    }

    /// Runs `script` in the page; its `arguments` are `args`.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Calls an app command through the app's own IPC, as the UI does; `Err` carries the
    /// rejection message.
    pub async fn invoke(&self, command: &str, args: Value) -> Result<Value, String> {
        self.time_invoke(command, args).await.0
    }

    /// Calls an app command as `invoke` does and measures, inside the page, how long the
    /// answer took: from the call to its promise settling, without WebDriver's round trips.
    pub async fn time_invoke(
        &self,
        command: &str,
        args: Value,
    ) -> (Result<Value, String>, Duration) {
        let script = r#"
            const [cmd, args, done] = arguments;
            const began = performance.now();
            const took = () => performance.now() - began;
            window.__TAURI_INTERNALS__.invoke(cmd, args)
              .then(v => done({ ok: v === undefined ? null : v, ms: took() }))
              .catch(e => done({ err: String(e), ms: took() }));
        "#;
        let out = self
            .client
            .execute_async(script, vec![json!(command), args])
            .await
            .unwrap_or_else(|e| panic!("invoke {command}: {e}"));
        let took = Duration::from_secs_f64(out["ms"].as_f64().unwrap_or(0.0) / 1000.0);
        let answer = match out.get("err") {
            Some(e) => Err(e.as_str().unwrap_or_default().to_string()),
            None => Ok(out.get("ok").cloned().unwrap_or(Value::Null)),
        };
        (answer, took)
    }

    /// Clicks `click` and measures, inside the page, how long until an element with the
    /// `data-testid` `shown` is on screen: from the click event's dispatch to the first frame
    /// painted after the element appears (a `MutationObserver`, then the next animation
    /// frame). WebDriver's own round trips are not in the figure. Waits at most `limit`.
    pub async fn time_click_until(&self, click: &str, shown: &str, limit: Duration) -> Duration {
        self.time_click_until_each(click, &[shown], limit).await[0]
    }

    /// Clicks `click` and measures, in the page's own clock, how long after the click each of
    /// `shown` (test ids) was first on screen: present and painted (the frame after it appeared).
    pub async fn time_click_until_each(
        &self,
        click: &str,
        shown: &[&str],
        limit: Duration,
    ) -> Vec<Duration> {
        let script = r#"
            const [click, shown] = arguments;
            const m = { clicked: null, shown: {} };
            window.__vivaTiming = m;
            const sel = (id) => `[data-testid="${id}"]`;
            document.addEventListener('click', (e) => {
              if (m.clicked === null && e.target.closest(sel(click))) m.clicked = performance.now();
            }, { capture: true });
            const seen = () => {
              if (m.clicked === null) return;
              for (const id of shown) {
                if (id in m.shown || !document.querySelector(sel(id))) continue;
                m.shown[id] = -1;
                requestAnimationFrame(() => setTimeout(() => { m.shown[id] = performance.now(); }, 0));
              }
              if (shown.every((id) => id in m.shown)) obs.disconnect();
            };
            const obs = new MutationObserver(seen);
            obs.observe(document.body, { childList: true, subtree: true });
        "#;
        self.js(script, vec![json!(click), json!(shown)]).await;
        self.click(click).await;
        let deadline = Instant::now() + limit;
        loop {
            let m = self.js("return window.__vivaTiming", vec![]).await;
            let clicked = m.get("clicked").and_then(Value::as_f64);
            let at: Vec<Option<f64>> = shown
                .iter()
                .map(|id| {
                    m.get("shown")
                        .and_then(|s| s.get(*id))
                        .and_then(Value::as_f64)
                        .filter(|t| *t >= 0.0)
                })
                .collect();
            if let (Some(c), true) = (clicked, at.iter().all(Option::is_some)) {
                return at
                    .into_iter()
                    .map(|s| Duration::from_secs_f64(((s.unwrap() - c) / 1000.0).max(0.0)))
                    .collect();
            }
            if Instant::now() > deadline {
                let shot = self.screenshot_to_target("timeout").await;
                panic!(
                    "`{shown:?}` did not all appear within {limit:?} of clicking `{click}` \
                     (timing {m}); the screen is in {}; the page says: {}",
                    shot.display(),
                    self.body_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// When the page marked `name` last (`performance.mark`), in seconds after the click that
    /// the last [`App::time_click_until_each`] timed; `None` if it never did.
    pub async fn mark_after_click(&self, name: &str) -> Option<f64> {
        let v = self
            .js(
                "const e = performance.getEntriesByName(arguments[0], 'mark'); \
                 const c = window.__vivaTiming && window.__vivaTiming.clicked; \
                 return e.length && c !== null ? (e[e.length - 1].startTime - c) / 1000 : null;",
                vec![json!(name)],
            )
            .await;
        v.as_f64()
    }

    /// Answers the native save dialog the app has just opened, as a person would: waits for
    /// a window that is not among `before` (taken with [`App::windows`] before the click that
    /// opens it), focuses it, types the full path into its name field and presses Enter.
    /// `shot` names a screenshot of the screen with the dialog open.
    pub async fn answer_save_dialog(&self, before: &[String], path: &Path, shot: Option<&str>) {
        let main = before;
        let deadline = Instant::now() + Duration::from_secs(20);
        let dialog = loop {
            let now = self.windows();
            if let Some(w) = now.iter().find(|w| !main.contains(w)) {
                break w.clone();
            }
            if Instant::now() > deadline {
                let s = target_dir().join("e2e-screenshots/no-dialog.png");
                self.xvfb.screenshot(&s);
                panic!(
                    "no save dialog appeared within 20 s (screen: {})",
                    s.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        // Let GTK finish laying it out and focus its name field.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        if let Some(name) = shot {
            let dir = std::env::var_os("VIVA_E2E_SCREENSHOTS")
                .map(PathBuf::from)
                .unwrap_or_else(|| target_dir().join("e2e-screenshots"));
            std::fs::create_dir_all(&dir).unwrap();
            self.xvfb.screenshot(&dir.join(format!("{name}.png")));
        }
        let path = path.to_str().unwrap();
        for args in [
            vec!["windowfocus", "--sync", dialog.as_str()],
            vec!["key", "--clearmodifiers", "ctrl+a"],
            vec!["type", "--delay", "20", path],
            vec!["key", "Return"],
        ] {
            let out = self.xvfb.xdotool(&args);
            assert!(out.status.success(), "xdotool {args:?}: {out:?}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The visible top-level windows, by X id, main window included.
    pub fn windows(&self) -> Vec<String> {
        let out = self
            .xvfb
            .xdotool(&["search", "--onlyvisible", "--name", "."]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Saves a WebDriver screenshot of the window as `<dir>/<name>.png`, where `dir` is
    /// `$VIVA_E2E_SCREENSHOTS` or `target/e2e-screenshots`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = std::env::var_os("VIVA_E2E_SCREENSHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(|| target_dir().join("e2e-screenshots"));
        self.save_screenshot(&dir, name).await
    }

    async fn screenshot_to_target(&self, name: &str) -> PathBuf {
        self.save_screenshot(&target_dir().join("e2e-screenshots"), name)
            .await
    }

    async fn save_screenshot(&self, dir: &Path, name: &str) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        match self.client.screenshot().await {
            Ok(png) => std::fs::write(&path, png).unwrap(),
            Err(_) => self.xvfb.screenshot(&path),
        }
        path
    }
}
