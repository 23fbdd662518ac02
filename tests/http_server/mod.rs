//! A real HTTP/1.1 server on 127.0.0.1 for the feed tests: one thread per connection,
//! replies chosen by the test, every request recorded.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server answers.
pub enum Reply {
    /// 200 with these extra headers.
    Ok(Vec<u8>, Vec<(&'static str, String)>),
    /// Any status, with a body.
    Status(u16, Vec<u8>),
    /// 200 whose body trickles out one byte every `per_byte`.
    Slow(Vec<u8>, Duration),
    /// 304 Not Modified.
    NotModified,
}

pub type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

pub struct Server {
    pub addr: SocketAddr,
    pub requests: Arc<Mutex<Vec<Request>>>,
    handler: Arc<Mutex<Arc<Handler>>>,
}

impl Server {
    /// Starts serving on a free port; the threads end with the test process.
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let slot: Arc<Mutex<Arc<Handler>>> = Arc::new(Mutex::new(Arc::new(handler)));
        let seen = requests.clone();
        let current = slot.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let handler = current.lock().unwrap().clone();
                let seen = seen.clone();
                std::thread::spawn(move || serve(stream, &*handler, &seen));
            }
        });
        Server {
            addr,
            requests,
            handler: slot,
        }
    }

    /// Answers from now on with `handler`.
    pub fn set(&self, handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) {
        *self.handler.lock().unwrap() = Arc::new(handler);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, handler: &Handler, seen: &Mutex<Vec<Request>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let req = Request { path, headers };
    seen.lock().unwrap().push(req.clone());
    let mut out = stream;
    // Write errors are the client hanging up (a refused 10 MB body): nothing to do.
    let _ = match handler(&req) {
        Reply::Ok(body, extra) => {
            let mut head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (n, v) in extra {
                head.push_str(&format!("{n}: {v}\r\n"));
            }
            head.push_str("\r\n");
            out.write_all(head.as_bytes())
                .and_then(|()| out.write_all(&body))
        }
        Reply::Status(code, body) => out
            .write_all(
                format!(
                    "HTTP/1.1 {code} Whatever\r\nContent-Length: {}\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            )
            .and_then(|()| out.write_all(&body)),
        Reply::NotModified => {
            out.write_all(b"HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n")
        }
        Reply::Slow(body, per_byte) => {
            let r = out.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            );
            for b in &body {
                std::thread::sleep(per_byte);
                if out.write_all(&[*b]).and_then(|()| out.flush()).is_err() {
                    break;
                }
            }
            r
        }
    };
    let _ = out.flush();
}
