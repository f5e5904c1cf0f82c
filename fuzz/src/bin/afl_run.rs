//! AFL++ entry point, persistent mode: `afl_run TARGET` (built by
//! `cargo afl build --features afl`; run by `scripts/fuzz`).

#[global_allocator]
static ALLOC: ocilens_fuzz::alloc::Capped = ocilens_fuzz::alloc::Capped;

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    let Some(target) = ocilens_fuzz::target(&name) else {
        let names: Vec<&str> = ocilens_fuzz::TARGETS.iter().map(|t| t.name).collect();
        eprintln!("usage: afl_run TARGET, one of: {}", names.join(" "));
        std::process::exit(2);
    };
    let run = target.run;
    afl::fuzz!(|data: &[u8]| {
        run(data);
    });
}
