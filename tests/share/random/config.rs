//! Random image configs: every field a link carries, `Env` entries that are
//! sometimes secret-looking, and history entries.

use super::Rng;
use ocilens::engine::model::config::{Healthcheck, History};
use ocilens::engine::report::{BlobCheck, ConfigInfo};

impl Rng {
    pub(super) fn config(&mut self) -> ConfigInfo {
        ConfigInfo {
            digest: self.opt(),
            media_type: self.opt(),
            entry: self.opt(),
            os: self.opt(),
            architecture: self.opt(),
            variant: self.opt(),
            created: self.opt(),
            diff_ids: (0..self.below(3)).map(|_| self.string()).collect(),
            history: (0..self.below(4)).map(|_| self.history()).collect(),
            env: (0..self.below(3)).map(|_| self.env()).collect(),
            labels: self.map(),
            entrypoint: (0..self.below(3)).map(|_| self.string()).collect(),
            cmd: (0..self.below(3)).map(|_| self.string()).collect(),
            user: self.opt(),
            working_dir: self.opt(),
            exposed_ports: (0..self.below(3)).map(|_| self.string()).collect(),
            volumes: (0..self.below(2)).map(|_| self.string()).collect(),
            stop_signal: self.opt(),
            healthcheck: self.chance(40).then(|| Healthcheck {
                test: (0..self.below(3)).map(|_| self.string()).collect(),
                interval: self.chance(50).then(|| self.next() >> 20),
                timeout: self.chance(50).then(|| self.next() >> 20),
                start_period: self.chance(50).then(|| self.next() >> 20),
                retries: self.chance(50).then(|| self.next() >> 50),
            }),
            check: BlobCheck {
                digest_status: self.status(),
                size_status: self.status(),
            },
        }
    }
    /// An `Env` entry: any string, or a variable, sometimes a secret one.
    fn env(&mut self) -> String {
        match self.below(4) {
            0 => self.string(),
            1 => format!("DB_PASSWORD={}", self.string()),
            2 => format!("PATH={}", self.string()),
            _ => format!("API_TOKEN=ghp_{}", "x1".repeat(self.below(30))),
        }
    }
    fn history(&mut self) -> History {
        History {
            created: self.opt(),
            created_by: self.opt(),
            comment: self.opt(),
            empty_layer: self.chance(30),
            layer: self.chance(50).then(|| self.below(4) as u32),
        }
    }
}
