fn main() {
    let a: Vec<String> = std::env::args().collect();
    let r = media::FrameRequest::new(a[2].parse().unwrap(), domain::ImageFormat::Png);
    let f = media::extract_frames(std::path::Path::new(&a[1]), std::path::Path::new("/tmp/dbgout"), &r, &media::InputLimits::default(), &mut |_| true).unwrap();
    for x in f { println!("{} {}", x.index, x.time_us); }
}
