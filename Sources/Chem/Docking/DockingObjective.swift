/// The docking objectives, `Vina(F2)`, `Vina(NR3C1)`, `Vina(PPARD)`: a molecule's best Vina score under
/// `DockingSettings.current`, NaN when it cannot be docked. They are usable wherever a success rule names a
/// descriptor (`Vina(F2)<-9`), but are not in `Descriptor.all`: a minute of CPU each, they are computed only
/// when a rule asks for them.
extension Descriptor {
    public static let objectives: [Descriptor] = DockingTarget.names.map { name in
        Descriptor(name: "Vina(\(name))") { molecule in
            guard let docking = try? VinaDocking(target: DockingTarget(name)) else { return .nan }
            return docking.dock(molecule).score ?? .nan
        }
    }
}
