pub mod wav;
