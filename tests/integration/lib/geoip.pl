#!/usr/bin/env perl
# Writes a small GeoIP2-City-shaped MMDB with Dutch test ranges (TEST-NET
# addresses, which no real database holds), for the GeoIP integration test.
#   perl geoip.pl OUT.mmdb [DATABASE-TYPE]   (default GeoIP2-City)
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $out = shift or die "usage: geoip.pl OUT.mmdb [TYPE]\n";
my $type = shift || 'GeoIP2-City';
my %types = (
    city => 'map', country => 'map', location => 'map', subdivisions => [ 'array', 'map' ],
    names => 'map', en => 'utf8_string', iso_code => 'utf8_string',
    latitude => 'double', longitude => 'double', accuracy_radius => 'uint16',
);
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version => 6, record_size => 28, remove_reserved_networks => 0,
    database_type => $type, languages => ['en'],
    description => { en => 'zelftest: Dutch test ranges' },
    map_key_type_callback => sub { $types{ $_[0] } },
);
sub place {
    my ($sub, $city, $lat, $lon) = @_;
    return {
        country => { iso_code => 'NL', names => { en => 'Netherlands' } },
        city => { names => { en => $city } },
        location => { latitude => $lat, longitude => $lon, accuracy_radius => 20 },
        $sub ? (subdivisions => [ { iso_code => $sub } ]) : (),
    };
}
$tree->insert_network('192.0.2.0/25',    place('GR', 'Groningen',  53.2194, 6.5665));
$tree->insert_network('192.0.2.128/25',  place('LI', 'Maastricht', 50.8514, 5.6910));
$tree->insert_network('198.51.100.0/24', place('OV', 'Enschede',   52.2215, 6.8937));
$tree->insert_network('203.0.113.0/24',  place(undef, 'Amsterdam', 52.3730, 4.8930));
$tree->insert_network('2001:db8::/32',   { country => { iso_code => 'BE' },
                                           location => { latitude => 50.85, longitude => 4.35 } });
open my $fh, '>:raw', $out or die "$out: $!";
$tree->write_tree($fh);
close $fh;
